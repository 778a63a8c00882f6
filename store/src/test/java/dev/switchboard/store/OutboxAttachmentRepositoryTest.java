package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A queued mail names stored attachments; it never copies their bytes. */
class OutboxAttachmentRepositoryTest extends DatabaseTest {
  @Test
  void aMailCarriesTheStoredFilesInTheOrderGiven() throws Exception {
    Filed filed = ticketWithMail();
    Ticket t = filed.ticket();
    long messageId = filed.messageId();
    byte[] a = "first file".getBytes(StandardCharsets.UTF_8);
    byte[] b = "second file".getBytes(StandardCharsets.UTF_8);
    AttachmentRepository files = new AttachmentRepository(pool);
    NewAttachment bFile = stored("b.txt", b);
    NewAttachment aFile = stored("a.txt", a);
    long second = pool.withTransaction(tx -> new AttachmentRepository(tx).insert(messageId, bFile)).await();
    long first = pool.withTransaction(tx -> new AttachmentRepository(tx).insert(messageId, aFile)).await();
    NotificationRepository.Claim alice = new NotificationRepository.Claim(t.id(), "opened", "raw:1", "alice@example.com");

    long outboxId = pool.withTransaction(tx -> new NotificationRepository(tx).claimAll(List.of(alice))
            .compose(claimed -> new OutboxRepository(tx).enqueueNotifications(List.of(
                    new OutboxRepository.NotificationMail(claimed.get(alice).outboxId(),
                        notification(t, "n1@example.com", "alice@example.com"), List.of(first, second))))
                .map(claimed.get(alice).outboxId())))
        .await();

    Map<Long, List<OutboxAttachment>> carried =
        new OutboxAttachmentRepository(pool).forOutbox(List.of(outboxId, outboxId + 1)).await();
    assertThat(carried).containsOnlyKeys(outboxId);
    assertThat(carried.get(outboxId)).extracting(OutboxAttachment::filename, OutboxAttachment::size)
        .containsExactly(tuple("a.txt", (long) a.length),
            tuple("b.txt", (long) b.length));
    assertThat(new String(files.chunk(carried.get(outboxId).get(0).sha256(), 0).await().getBytes(),
        StandardCharsets.UTF_8)).isEqualTo("first file");
    assertThat(files.chunk(carried.get(outboxId).get(0).sha256(), 1).await()).as("past the last chunk").isNull();
  }

  @Test
  void claimedNotificationsAreEnqueuedWithOneStatementEachWithItsFiles() throws Exception {
    Filed filed = ticketWithMail();
    Ticket t = filed.ticket();
    long messageId = filed.messageId();
    NewAttachment aFile = stored("a.txt", "first file".getBytes(StandardCharsets.UTF_8));
    long file = pool.withTransaction(tx -> new AttachmentRepository(tx).insert(messageId, aFile)).await();
    NotificationRepository.Claim alice = new NotificationRepository.Claim(t.id(), "opened", "raw:1", "alice@example.com");
    NotificationRepository.Claim bob = new NotificationRepository.Claim(t.id(), "opened", "raw:1", "bob@example.com");

    // the claims name their mails' outbox rows; the mails are enqueued in the same transaction
    Map<NotificationRepository.Claim, NotificationRepository.Claimed> claims = pool.withTransaction(tx ->
        new NotificationRepository(tx).claimAll(List.of(alice, bob)).compose(claimed ->
            new OutboxRepository(tx).enqueueNotifications(List.of(
                    new OutboxRepository.NotificationMail(claimed.get(alice).outboxId(),
                        notification(t, "n1@example.com", "alice@example.com"), List.of(file)),
                    new OutboxRepository.NotificationMail(claimed.get(bob).outboxId(),
                        notification(t, "n2@example.com", "bob@example.com"), List.of())))
            .map(claimed)))
        .await();

    List<OutboxMail> queued = new OutboxRepository(pool).byTicket(t.id()).await();
    assertThat(queued).extracting(OutboxMail::id, OutboxMail::messageId, m -> m.to().get(0))
        .containsExactly(tuple(claims.get(alice).outboxId(), "n1@example.com", "alice@example.com"),
            tuple(claims.get(bob).outboxId(), "n2@example.com", "bob@example.com"));
    assertThat(queued).extracting(OutboxMail::kind, OutboxMail::state)
        .containsOnly(tuple("notification", "pending"));
    Map<Long, List<OutboxAttachment>> carried = new OutboxAttachmentRepository(pool)
        .forOutbox(queued.stream().map(OutboxMail::id).toList()).await();
    assertThat(carried).as("only the first carries a file").containsOnlyKeys(queued.get(0).id());
    assertThat(carried.get(queued.get(0).id())).extracting(OutboxAttachment::filename).containsExactly("a.txt");
    for (NotificationRepository.Claimed c : claims.values()) {
      assertThat(count("select count(*) from notification where id = " + c.id() + " and outbox_id = " + c.outboxId()))
          .as("each notification names its outbox row").isEqualTo(1);
    }
  }

  /** A ticket and Jane's inbound mail on it, to attach files to. */
  private record Filed(Ticket ticket, long messageId) {}

  private static Filed ticketWithMail() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = new TicketRepository(pool)
        .create(new NewTicket(mb.id(), "Logs attached", "new", "normal", null, "email", false, null)).await();
    long messageId = new TicketMessageRepository(pool)
        .insert(new NewTicketMessage(t.id(), mb.id(), null, "inbound", "customer", "email",
            null, null, List.of(), "jane@example.org", "Jane", List.of(), List.of(), "Logs", "see", "see", null,
            "human", List.of()))
        .await();
    return new Filed(t, messageId);
  }

  private static long count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static NewOutboxMail notification(Ticket t, String messageId, String to) {
    return new NewOutboxMail(t.mailboxId(), t.id(), null, "notification", messageId, "support@example.com", null, List.of(to),
        List.of(), "[#1] Logs", null, List.of(), new JsonObject(), "body", null);
  }

  private static NewAttachment stored(String name, byte[] content) throws Exception {
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    return new NewAttachment(name, "text/plain", content.length, false, null, sha, BlobSource.of(content));
  }
}
