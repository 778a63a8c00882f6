package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.OutboxOptions;
import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.OutboxMail;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sender that dies in the middle of a batch: the mails the relay already accepted are recorded as sent, so the next
 * run (after the lease ran out) delivers only the rest. Real GreenMail, real PostgreSQL.
 */
class OutboxCrashTest {
  private static final int BATCH = 10;
  private static final int ACCEPTED_BEFORE_CRASH = 4;
  private static final Duration WAIT = Duration.ofSeconds(20);

  private GreenMail mail;
  private SmtpMailSender smtp;
  private Vertx setupVertx;
  private Pool setupPool;

  @BeforeEach
  void start() {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    smtp = new SmtpMailSender(
        new SmtpOptions("127.0.0.1", mail.getSmtp().getPort(), TransportSecurity.NONE, null, null, 5, null, MailAuth.PASSWORD, null));
    setupVertx = Vertx.vertx();
    setupPool = TestDatabase.pool(setupVertx);
    TestDatabase.truncate(setupPool).await();
  }

  @AfterEach
  void stop() {
    setupPool.close().await();
    setupVertx.close().await();
    mail.stop();
  }

  @Test
  void crashMidBatchResendsOnlyTheMailNotYetAccepted() {
    long mailbox = new MailboxRepository(setupPool).upsert("support", "support@example.com").await().id();
    OutboxRepository outbox = new OutboxRepository(setupPool);
    for (int i = 0; i < BATCH; i++) {
      outbox.enqueue(mail(mailbox, i)).await();
    }
    OutboxOptions options = new OutboxOptions(100, BATCH, 10, 1, 2, 2);

    // first process: the relay takes four mails, then the process dies while the fifth is in flight
    Vertx first = Vertx.vertx();
    Pool firstPool = TestDatabase.pool(first);
    first.deployVerticle(new OutboxSenderVerticle(firstPool, new CrashingRelay(smtp, ACCEPTED_BEFORE_CRASH), options,
        new HealthRegistry())).await();
    awaitTrue("four mails received and recorded as sent", () -> mail.getReceivedMessages().length == ACCEPTED_BEFORE_CRASH
        && count("select count(*) from outbox where state = 'sent'") == ACCEPTED_BEFORE_CRASH);
    first.close().await();
    assertThat(count("select count(*) from outbox where state = 'pending'")).isEqualTo(BATCH - ACCEPTED_BEFORE_CRASH);

    // the lease of the dead process runs out (two minutes in production)
    setupPool.query("update outbox set locked_until = now() - interval '1 second' where state = 'pending'").execute().await();

    // second process: a healthy relay
    Vertx second = Vertx.vertx();
    try {
      Pool secondPool = TestDatabase.pool(second);
      second.deployVerticle(new OutboxSenderVerticle(secondPool, smtp, options, new HealthRegistry())).await();
      awaitTrue("every mail sent", () -> count("select count(*) from outbox where state = 'sent'") == BATCH);
    } finally {
      second.close().await();
    }

    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      try {
        subjects.add(m.getSubject());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    assertThat(subjects)
        .as("each mail delivered exactly once, none of the four accepted before the crash again")
        .hasSize(BATCH)
        .doesNotHaveDuplicates();
  }

  private static NewOutboxMail mail(long mailbox, int i) {
    return new NewOutboxMail(mailbox, null, null, "acknowledgment", "crash-" + i + "@switchboard.test",
        "support@example.com", "Example IT", List.of("jane" + i + "@example.org"), List.of(), "Mail " + i, null,
        List.of(), null, "Body " + i, null);
  }

  private long count(String sql) {
    return setupPool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT + " waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The real relay for the first {@code accepted} mails; then the sending thread dies as in a killed process. */
  private static final class CrashingRelay implements MailRelay {
    private final MailRelay delegate;
    private final AtomicInteger left;

    CrashingRelay(MailRelay delegate, int accepted) {
      this.delegate = delegate;
      this.left = new AtomicInteger(accepted);
    }

    @Override
    public Connection connect() {
      Connection real = delegate.connect();
      return new Connection() {
        @Override
        public SendResult send(OutboxMail m, List<OutgoingAttachment> attachments) {
          if (left.getAndDecrement() <= 0) {
            throw new IllegalStateException("simulated crash before the relay accepted outboxId=" + m.id());
          }
          return real.send(m, attachments);
        }

        @Override
        public boolean isConnected() {
          return real.isConnected();
        }

        @Override
        public void close() {
          real.close();
        }
      };
    }
  }
}
