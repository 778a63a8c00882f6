package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.OutboxOptions;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mail to people goes out before the coordinators' notifications queued earlier, and the notifications follow in the
 * same run, not at the next poll (set here to ten minutes, longer than the test waits). Real GreenMail, real
 * PostgreSQL.
 */
class OutboxOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private GreenMail mail;
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void start() {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    TestDatabase.truncate(pool).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    mail.stop();
  }

  @Test
  void acknowledgmentsGoBeforeEarlierNotificationsWhichFollowWithoutWaitingForThePoll() throws Exception {
    long mailbox = new MailboxRepository(pool).upsert("support", "support@example.com").await().id();
    OutboxRepository outbox = new OutboxRepository(pool);
    outbox.enqueue(mail(mailbox, "notification", "n1", "alice@example.com")).await();
    outbox.enqueue(mail(mailbox, "notification", "n2", "bob@example.com")).await();
    outbox.enqueue(mail(mailbox, "acknowledgment", "a1", "jane@example.org")).await();
    SmtpMailSender smtp = new SmtpMailSender(new SmtpOptions(
        "127.0.0.1", mail.getSmtp().getPort(), TransportSecurity.NONE, null, null, 5, null, MailAuth.PASSWORD, null));
    // one connection, so the order the relay sees is the order of sending; the poll is ten minutes away
    OutboxOptions options = new OutboxOptions(600_000, 10, 10, 1, 2, 1);

    vertx.deployVerticle(new OutboxSenderVerticle(pool, smtp, options, new HealthRegistry())).await();

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (mail.getReceivedMessages().length < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(subjects()).containsExactly("a1", "n1", "n2");
  }

  private List<String> subjects() throws MessagingException {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      subjects.add(m.getSubject());
    }
    return subjects;
  }

  private static NewOutboxMail mail(long mailbox, String kind, String name, String to) {
    return new NewOutboxMail(mailbox, null, null, kind, name + "@switchboard.test", "support@example.com",
        "Example IT", List.of(to), List.of(), name, null, List.of(), null, "Body of " + name, null);
  }
}
