package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.gateway.testing.Utf8SmtpRelay;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input is kept and handled (issue 12): control characters in headers, internationalised addresses (RFC 6532) and
 * subjects with line breaks, through the real service, GreenMail (which has no SMTPUTF8) and a relay that has it.
 */
class BadInputEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private GatewayHarness h;
  private Utf8SmtpRelay relay;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (relay != null) {
      relay.close();
    }
  }

  private static byte[] mail(String from, String messageId, String subject) {
    return ("From: " + from + "\r\n"
        + "To: " + SUPPORT + "\r\n"
        + "Subject: " + subject + "\r\n"
        + "Message-ID: " + messageId + "\r\n"
        + "Date: Fri, 04 Dec 2026 10:00:00 +0000\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "\r\n"
        + "Der Drucker druckt nicht.\r\n").getBytes(StandardCharsets.UTF_8);
  }

  private Row ticketOf(String email) {
    List<Row> rows = h.query("select t.number, t.subject, c.email from ticket t join contact c on c.id = t.requester_id "
        + "where c.email = '" + email.replace("'", "''") + "'");
    return rows.isEmpty() ? null : rows.get(0);
  }

  @Test
  void nulBytesInFromAndMessageIdStillGiveARequesterATicketAndAnAcknowledgment() throws Exception {
    h = GatewayHarness.start();
    h.deliverToMailbox(mail("\"Jane\0 Doe\" <jane@example.org>", "<abc\0def@example.org>", "VPN\0 down"));

    await("ticket for jane", WAIT, () -> ticketOf("jane@example.org") != null);
    assertThat(h.count("select count(*) from raw_message where position('\\x00'::bytea in content) > 0"))
        .as("the NUL bytes really arrived").isEqualTo(1);
    assertThat(h.count("select count(*) from ticket where needs_attention")).as("not flagged as unprocessable").isZero();
    await("acknowledgment delivered", WAIT, () -> !h.receivedBy("jane@example.org").isEmpty());
    MimeMessage ack = h.receivedBy("jane@example.org").get(0);
    assertThat(ack.getSubject()).contains("[#1001]");
    assertThat(h.count("select count(*) from ticket_message where position(chr(1) in coalesce(subject, '')) > 0"))
        .isZero();
    assertThat(ticketOf("jane@example.org").getString("subject")).doesNotContain("\0");
  }

  @Test
  void anIdnDomainIsStoredInUnicodeAndAcknowledgedAsPunycodeWithoutSmtpUtf8() throws Exception {
    h = GatewayHarness.start();
    h.deliverToMailbox(mail("Jörg <joerg@bücher.de>", "<idn-1@bücher.de>", "Drucker\r\n kaputt"));

    await("ticket for joerg@bücher.de", WAIT, () -> ticketOf("joerg@bücher.de") != null);
    assertThat(h.count("select count(*) from raw_message where position(convert_to('bücher', 'UTF8') in content) > 0"))
        .as("raw UTF-8 in the header").isEqualTo(1);
    assertThat(ticketOf("joerg@bücher.de").getString("subject")).as("folded subject, one line").isEqualTo("Drucker kaputt");
    await("acknowledgment to the punycode address", WAIT, () -> !h.receivedBy("joerg@xn--bcher-kva.de").isEmpty());
  }

  @Test
  void aUnicodeLocalPartIsStoredAsIsAndAcknowledgedOverSmtpUtf8() {
    relay = Utf8SmtpRelay.start();
    h = GatewayHarness.start(config -> config.put("smtp", new JsonObject().put("host", "127.0.0.1")
        .put("port", relay.port()).put("security", "none").put("timeoutSeconds", 5)));
    h.deliverToMailbox(mail("Jörg Müller <jörg.müller@beispiel.de>", "<u8-1@beispiel.de>", "Passwort"));
    // the same person through a client that encodes the local part (RFC 2047 where it does not belong)
    h.deliverToMailbox(mail("=?utf-8?b?asO2cmcubcO8bGxlcg==?=@beispiel.de", "<u8-2@beispiel.de>", "Noch etwas"));

    await("two tickets for jörg.müller@beispiel.de", WAIT,
        () -> h.count("select count(*) from ticket t join contact c on c.id = t.requester_id "
            + "where c.email = 'jörg.müller@beispiel.de'") == 2);
    await("acknowledgments accepted over SMTPUTF8", WAIT,
        () -> relay.commands().stream().filter(c -> c.equals("RCPT TO:<jörg.müller@beispiel.de>")).count() == 2);
    assertThat(relay.commands()).anyMatch(c -> c.startsWith("MAIL FROM:") && c.endsWith(" SMTPUTF8"));
    // the relay accepted both; each is marked sent right after, in its own statement
    await("both acknowledgments marked sent", WAIT, () -> h.count("select count(*) from outbox where state <> 'sent'") == 0);
  }
}
