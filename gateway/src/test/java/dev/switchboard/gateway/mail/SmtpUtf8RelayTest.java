package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.gateway.testing.Utf8SmtpRelay;
import dev.switchboard.store.OutboxMail;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relay that offers SMTPUTF8 ({@link Utf8SmtpRelay}: GreenMail does not offer the extension): a Unicode
 * address goes out unchanged, with SMTPUTF8 on MAIL FROM and the address in UTF-8 in the envelope and the header.
 */
class SmtpUtf8RelayTest {
  private Utf8SmtpRelay relay;

  @BeforeEach
  void start() {
    relay = Utf8SmtpRelay.start();
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  @Test
  void unicodeAddressGoesUnchangedOverSmtpUtf8() {
    SmtpMailSender sender = new SmtpMailSender(
        new SmtpOptions("127.0.0.1", relay.port(), TransportSecurity.NONE, null, null, 5, null, MailAuth.PASSWORD, null));
    OutboxMail mail = new OutboxMail(1, 1, null, null, "acknowledgment", "utf8@switchboard.test",
        "support@example.com", "Example IT", List.of("jörg.müller@beispiel.de"), List.of(), "Ihre Anfrage", null,
        List.of(), null, "Guten Tag", null, "pending", 0);

    SendResult result;
    try (MailRelay.Connection c = sender.connect()) {
      result = c.send(mail);
    }

    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(SendResult.Outcome.SENT);
    assertThat(relay.commands())
        .anyMatch(c -> c.startsWith("MAIL FROM:<support@example.com>") && c.endsWith(" SMTPUTF8"))
        .contains("RCPT TO:<jörg.müller@beispiel.de>");
    assertThat(relay.messages()).anyMatch(m -> m.contains("To: jörg.müller@beispiel.de"));
  }
}
