package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.OutboxOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.OutboxRepository;
import io.vertx.sqlclient.Row;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Internationalised recipients through a relay without SMTPUTF8 (GreenMail does not advertise it): the IDN domain
 * goes out as punycode, the non-ASCII local part fails at once with its reason. The SMTPUTF8 path is in
 * {@link SmtpUtf8RelayTest}.
 */
class SmtpInternationalAddressTest {
  private SenderFixture sender;

  @BeforeEach
  void start() {
    sender = SenderFixture.start();
  }

  @AfterEach
  void stop() {
    sender.close();
  }

  @Test
  void idnDomainGoesAsPunycodeAndNonAsciiLocalPartFailsPermanently() throws Exception {
    long mailbox = sender.mailbox();
    OutboxRepository outbox = new OutboxRepository(sender.pool);
    long idn = outbox.enqueue(mail(mailbox, "idn", "joerg@bücher.de")).await();
    long local = outbox.enqueue(mail(mailbox, "local", "jörg.müller@beispiel.de")).await();
    SmtpMailSender smtp = sender.relay();

    sender.vertx.deployVerticle(new OutboxSenderVerticle(sender.pool, smtp, new OutboxOptions(100, 10, 10, 1, 2, 1),
        new HealthRegistry())).await();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (count("select count(*) from outbox where state = 'pending'") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }

    assertThat(sender.mail.getReceivedMessages()).hasSize(1);
    MimeMessage received = sender.mail.getReceivedMessages()[0];
    assertThat(((InternetAddress) received.getRecipients(Message.RecipientType.TO)[0]).getAddress())
        .isEqualTo("joerg@xn--bcher-kva.de");
    assertThat(state(idn).getString("state")).isEqualTo("sent");
    Row failed = state(local);
    assertThat(failed.getString("state")).as("no retries for an address the relay cannot take").isEqualTo("failed");
    assertThat(failed.getInteger("attempts")).isEqualTo(1);
    assertThat(failed.getString("last_error"))
        .isEqualTo("the address jörg.müller@beispiel.de has a non-ASCII local part and the SMTP relay does not "
            + "offer SMTPUTF8");
  }

  private static NewOutboxMail mail(long mailbox, String id, String to) {
    return new NewOutboxMail(mailbox, null, null, "acknowledgment", id + "@switchboard.test", "support@example.com",
        "Example IT", List.of(to), List.of(), "Ihre Anfrage", null, List.of(), null, "Guten Tag", null);
  }

  private long count(String sql) {
    return sender.pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private Row state(long id) {
    return sender.pool.query("select state, attempts, last_error from outbox where id = " + id).execute().await()
        .iterator().next();
  }
}
