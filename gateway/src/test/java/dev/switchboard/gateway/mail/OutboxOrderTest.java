package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.OutboxOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.OutboxRepository;
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
  void acknowledgmentsGoBeforeEarlierNotificationsWhichFollowWithoutWaitingForThePoll() throws Exception {
    long mailbox = sender.mailbox();
    OutboxRepository outbox = new OutboxRepository(sender.pool);
    outbox.enqueue(mail(mailbox, "notification", "n1", "alice@example.com")).await();
    outbox.enqueue(mail(mailbox, "notification", "n2", "bob@example.com")).await();
    outbox.enqueue(mail(mailbox, "acknowledgment", "a1", "jane@example.org")).await();
    // one connection, so the order the relay sees is the order of sending; the poll is ten minutes away
    OutboxOptions options = new OutboxOptions(600_000, 10, 10, 1, 2, 1);

    sender.vertx.deployVerticle(new OutboxSenderVerticle(sender.pool, sender.relay(), options, new HealthRegistry()))
        .await();

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (sender.mail.getReceivedMessages().length < 3 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(subjects()).containsExactly("a1", "n1", "n2");
  }

  private List<String> subjects() throws MessagingException {
    List<String> subjects = new ArrayList<>();
    for (MimeMessage m : sender.mail.getReceivedMessages()) {
      subjects.add(m.getSubject());
    }
    return subjects;
  }

  private static NewOutboxMail mail(long mailbox, String kind, String name, String to) {
    return new NewOutboxMail(mailbox, null, null, kind, name + "@switchboard.test", "support@example.com",
        "Example IT", List.of(to), List.of(), name, null, List.of(), null, "Body of " + name, null);
  }
}
