package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Repositories against a real PostgreSQL. Futures are awaited with {@code await()}, which is fine off the event loop. */
class RepositoriesTest extends DatabaseTest {
  @Test
  void sameUidTwiceIsStoredOnce() {
    MailboxRepository mailboxes = new MailboxRepository(pool);
    RawMessageRepository raws = new RawMessageRepository(pool);
    Mailbox mb = mailboxes.upsert("support", "Support@Example.com").await();
    assertThat(mb.address()).isEqualTo("support@example.com");

    byte[] bytes = "Subject: hi\r\n\r\nbody\r\n".getBytes();
    raws.insertAll(mb.id(), 7, List.of(new IncomingRaw(1, bytes), new IncomingRaw(2, bytes))).await();
    raws.insertAll(mb.id(), 7, List.of(new IncomingRaw(2, bytes), new IncomingRaw(3, bytes))).await();

    List<RawMessage> pending = raws.pending(mb.id(), 10).await();
    assertThat(pending).extracting(RawMessage::uid).containsExactly(1L, 2L, 3L);
    assertThat(pending.get(0).content()).isEqualTo(bytes);
  }

  @Test
  void storingABatchReturnsOnlyTheNewMessagesWithTheirIdsAndTheBytesGiven() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    RawMessageRepository raws = new RawMessageRepository(pool);
    byte[] one = "Subject: one\r\n\r\n1\r\n".getBytes();
    byte[] two = "Subject: two\r\n\r\n2\r\n".getBytes();
    byte[] three = "Subject: three\r\n\r\n3\r\n".getBytes();
    raws.store(mb.id(), 7, List.of(new IncomingRaw(2, two))).await();

    List<RawMessage> stored =
        raws.store(mb.id(), 7, List.of(new IncomingRaw(1, one), new IncomingRaw(2, two), new IncomingRaw(3, three)))
            .await();

    assertThat(stored).extracting(RawMessage::uid).containsExactly(1L, 3L);
    assertThat(stored.get(1).content()).isSameAs(three);
    List<RawMessage> pending = raws.pending(mb.id(), 10).await();
    assertThat(pending).extracting(RawMessage::uid).containsExactly(2L, 1L, 3L);
    assertThat(stored).extracting(RawMessage::id).containsExactly(pending.get(1).id(), pending.get(2).id());
  }

  @Test
  void aBatchOfRawMessagesIsMarkedAndItsTicketEventsAppendedWithOneStatementEach() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    RawMessageRepository raws = new RawMessageRepository(pool);
    List<RawMessage> stored = raws.store(mb.id(), 7,
        List.of(new IncomingRaw(1, new byte[] {1}), new IncomingRaw(2, new byte[] {2}), new IncomingRaw(3, new byte[] {3})))
        .await();
    Ticket t = newTicket(mb.id());

    raws.markAll(List.of(
            new RawMessageRepository.Mark(stored.get(0).id(), RawMessageRepository.State.PROCESSED, null),
            new RawMessageRepository.Mark(stored.get(2).id(), RawMessageRepository.State.DUPLICATE, "seen before")),
            false)
        .await();
    new TicketEventRepository(pool).appendAll(List.of(
            new TicketEventRepository.NewEvent(t.id(), "system", "created", new JsonObject().put("channel", "email")),
            new TicketEventRepository.NewEvent(t.id(), "system", "acknowledgment-queued", null)))
        .await();

    assertThat(raws.pending(mb.id(), 10).await()).extracting(RawMessage::uid).containsExactly(2L);
    RowSet<Row> states = pool.query("select uid, state, coalesce(error, '-') from raw_message order by uid").execute().await();
    List<String> rows = new ArrayList<>();
    states.forEach(r -> rows.add(r.getLong(0) + " " + r.getString(1) + " " + r.getString(2)));
    assertThat(rows).containsExactly("1 processed -", "2 received -", "3 duplicate seen before");
    RowSet<Row> events = pool.query("select type, detail->>'channel' from ticket_event order by id").execute().await();
    List<String> types = new ArrayList<>();
    events.forEach(r -> types.add(r.getString(0) + " " + r.getString(1)));
    assertThat(types).containsExactly("created email", "acknowledgment-queued null");
    assertThat(raws.awaitingPolicy(mb.id(), 7, 10).await()).as("seen or move still to do").containsExactly(1L, 3L);
  }

  @Test
  void aMailboxThatKeepsItsMailHasNoPolicyLeftOnceItsMessagesAreMarked() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    RawMessageRepository raws = new RawMessageRepository(pool);
    List<RawMessage> stored = raws.store(mb.id(), 7,
        List.of(new IncomingRaw(1, new byte[] {1}), new IncomingRaw(2, new byte[] {2}))).await();

    raws.markAll(List.of(new RawMessageRepository.Mark(stored.get(0).id(), RawMessageRepository.State.PROCESSED, null)),
            true)
        .await();

    assertThat(raws.awaitingPolicy(mb.id(), 7, 10).await()).isEmpty();
    assertThat(raws.pending(mb.id(), 10).await()).extracting(RawMessage::uid).containsExactly(2L);
  }

  @Test
  void processedMessagesWaitForTheirMailboxPolicy() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    RawMessageRepository raws = new RawMessageRepository(pool);
    raws.insertAll(mb.id(), 7, List.of(new IncomingRaw(5, new byte[] {1}), new IncomingRaw(6, new byte[] {2})))
        .await();
    RawMessage first = raws.pending(mb.id(), 1).await().get(0);
    raws.mark(first.id(), RawMessageRepository.State.PROCESSED, null).await();

    assertThat(raws.awaitingPolicy(mb.id(), 7, 10).await()).containsExactly(5L);
    raws.policyApplied(mb.id(), 7, List.of(5L)).await();
    assertThat(raws.awaitingPolicy(mb.id(), 7, 10).await()).isEmpty();
  }

  @Test
  void secondInboundCopyOfAMessageIdIsAUniqueViolation() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = newTicket(mb.id());
    TicketMessageRepository messages = new TicketMessageRepository(pool);
    messages.insert(inbound(t.id(), mb.id(), "abc@example.com")).await();

    Throwable error = captureFailure(messages, inbound(t.id(), mb.id(), "abc@example.com"));
    assertThat(TicketMessageRepository.isUniqueViolation(error))
        .as("expected SQLSTATE 23505, got %s", error)
        .isTrue();
    assertThat(messages.ticketForInbound(mb.id(), "abc@example.com").await()).isEqualTo(t.id());
    assertThat(messages.ticketForMessageIds(List.of("nope", "abc@example.com")).await()).isEqualTo(t.id());
  }

  @Test
  void theLookupsOfAWholeIntakeGroupAnswerAsTheOneMailLookupsDo() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = newTicket(mb.id());
    TicketMessageRepository messages = new TicketMessageRepository(pool);
    messages.insert(inbound(t.id(), mb.id(), "abc@example.com")).await();
    assertThat(messages.ticketsForInbound(mb.id(), List.of("abc@example.com", "new@example.com")).await())
        .containsExactly(java.util.Map.entry("abc@example.com", t.id()));
    assertThat(messages.ticketsForInbound(mb.id() + 1, List.of("abc@example.com")).await()).as("other mailbox").isEmpty();

    ContactRepository contacts = new ContactRepository(pool);
    java.util.Map<String, Contact> found = contacts.findOrCreateByEmails(
            java.util.Arrays.asList("Bob@Example.org", "jane@example.org", "bob@example.org", "ann@example.org"),
            java.util.Arrays.asList(null, "Other Jane", "Bob", "Ann"))
        .await();
    assertThat(found).containsOnlyKeys("bob@example.org", "jane@example.org", "ann@example.org");
    assertThat(found.get("jane@example.org").name()).as("a known contact keeps its name").isEqualTo("Jane");
    assertThat(found.get("bob@example.org").name()).as("the first name given, as two calls would").isEqualTo("Bob");
    assertThat(contacts.findOrCreateByEmail("ann@example.org", null).await().id())
        .isEqualTo(found.get("ann@example.org").id());

    OutboxRepository outbox = new OutboxRepository(pool);
    for (String to : List.of("Jane@Example.org", "jane@example.org", "bob@example.org")) {
      // one acknowledgment per ticket: a ticket each
      outbox.enqueue(new NewOutboxMail(mb.id(), newTicket(mb.id()).id(), null, "acknowledgment", java.util.UUID.randomUUID() + "@sb",
              "support@example.com", "Support", List.of(to), List.of(), "[#1001] hi", null, List.of(), null, "hello",
              null))
          .await();
    }
    java.util.Map<String, Long> counts =
        outbox.countRecent(List.of("JANE@example.org", "bob@example.org", "nobody@example.org"), "acknowledgment",
            Duration.ofHours(1)).await();
    assertThat(counts).containsOnlyKeys("jane@example.org", "bob@example.org");
    assertThat(counts.get("jane@example.org"))
        .isEqualTo(outbox.countRecent("jane@example.org", "acknowledgment", Duration.ofHours(1)).await())
        .isEqualTo(2L);
  }

  @Test
  void ticketNumbersStartAt1001AndListFiltersByStatus() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket first = newTicket(mb.id());
    Ticket second = newTicket(mb.id());
    assertThat(first.number()).isEqualTo(1001);
    assertThat(second.number()).isEqualTo(1002);
    assertThat(first.requesterEmail()).isEqualTo("jane@example.org");

    TicketRepository tickets = new TicketRepository(pool);
    assertThat(tickets.list(new TicketQuery("new", false, 10, 0)).await()).hasSize(2);
    assertThat(tickets.list(new TicketQuery("closed", false, 10, 0)).await()).isEmpty();
    assertThat(tickets.count(new TicketQuery(null, true, 10, 0)).await()).isEqualTo(2);
    assertThat(tickets.findByNumber(1002).await().id()).isEqualTo(second.id());
  }

  @Test
  void outboxRowsAreLeasedOnceAndRateLimitCountsPerRecipient() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = newTicket(mb.id());
    OutboxRepository outbox = new OutboxRepository(pool);
    long id =
        outbox
            .enqueue(
                new NewOutboxMail(
                    mb.id(), t.id(), null, "acknowledgment", "m1@switchboard", "support@example.com", "Support",
                    List.of("Jane@Example.org"), List.of(), "[#1001] Re: help", "x@example.org",
                    List.of("x@example.org"), new JsonObject().put("Auto-Submitted", "auto-replied"), "hello", null))
            .await();

    List<OutboxMail> due = outbox.leaseDue(10, Duration.ofMinutes(5)).await();
    assertThat(due).extracting(OutboxMail::id).containsExactly(id);
    assertThat(due.get(0).headers().getString("Auto-Submitted")).isEqualTo("auto-replied");
    assertThat(outbox.countRecent("jane@example.org", "acknowledgment", Duration.ofHours(1)).await()).isEqualTo(1);

    assertThat(outbox.leaseDue(10, Duration.ofMinutes(5)).await()).as("leased rows are not handed out twice").isEmpty();
    outbox.markSent(id).await();
    assertThat(outbox.byTicket(t.id()).await().get(0).state()).isEqualTo("sent");
  }

  @Test
  void notificationsAreLeasedOnlyWhenNoMailToPeopleIsDueEachOldestFirst() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = newTicket(mb.id());
    OutboxRepository outbox = new OutboxRepository(pool);
    long notification = outbox.enqueue(mail(mb.id(), t.id(), "notification", "n1", "alice@example.com")).await();
    long acknowledgment = outbox.enqueue(mail(mb.id(), t.id(), "acknowledgment", "a1", "jane@example.org")).await();
    long reply = outbox.enqueue(mail(mb.id(), t.id(), "agent-reply", "r1", "jane@example.org")).await();

    assertThat(outbox.leaseDue(5, Duration.ofMinutes(5)).await()).extracting(OutboxMail::id)
        .as("a lease with mail to people due takes no notification, even with room for it")
        .containsExactly(acknowledgment, reply);
    long later = outbox.enqueue(mail(mb.id(), t.id(), "notification", "n2", "alice@example.com")).await();
    assertThat(outbox.leaseDue(5, Duration.ofMinutes(5)).await()).extracting(OutboxMail::id)
        .containsExactly(notification, later);
  }

  private static NewOutboxMail mail(long mailboxId, long ticketId, String kind, String localPart, String to) {
    return new NewOutboxMail(
        mailboxId, ticketId, null, kind, localPart + "@switchboard", "support@example.com", "Support", List.of(to),
        List.of(), "[#1001] help", null, List.of(), new JsonObject(), "hello", null);
  }

  @Test
  void responseDueTimesThatDidNotChangeAreNotWrittenAgain() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket moved = newTicket(mb.id());
    Ticket kept = newTicket(mb.id());
    TicketRepository tickets = new TicketRepository(pool);
    Instant due = Instant.parse("2026-12-04T10:00:00Z");
    tickets.setResponseDueAll(List.of(new TicketRepository.ResponseDue(moved.id(), due, null),
        new TicketRepository.ResponseDue(kept.id(), due, null))).await();
    String movedVersion = rowVersion(moved.id());
    String keptVersion = rowVersion(kept.id());

    tickets.setResponseDueAll(List.of(new TicketRepository.ResponseDue(moved.id(), due.plusSeconds(60), null),
        new TicketRepository.ResponseDue(kept.id(), due, null))).await();

    assertThat(rowVersion(moved.id())).isNotEqualTo(movedVersion);
    assertThat(rowVersion(kept.id())).as("no new row version").isEqualTo(keptVersion);
    assertThat(tickets.find(moved.id()).await().firstResponseDueAt().toInstant()).isEqualTo(due.plusSeconds(60));
  }

  private static String rowVersion(long ticketId) {
    return pool.preparedQuery("select xmin::text from ticket where id = $1")
        .execute(Tuple.of(ticketId)).await().iterator().next().getString(0);
  }

  @Test
  void markingSentRelaxesTheFlushForItsOwnTransactionOnly() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = newTicket(mb.id());
    long id = new OutboxRepository(pool)
        .enqueue(new NewOutboxMail(mb.id(), t.id(), null, "acknowledgment", "m2@switchboard", "support@example.com",
            "Support", List.of("jane@example.org"), List.of(), "[#1001] Re: help", null, List.of(), new JsonObject(),
            "hello", null))
        .await();
    SqlConnection connection = pool.getConnection().await();
    try {
      connection.query("set synchronous_commit = on").execute().await();
      var tx = connection.begin().await();
      new OutboxRepository(connection).markSent(id).await();
      assertThat(connection.query("show synchronous_commit").execute().await().iterator().next().getString(0))
          .as("the mark's transaction commits without waiting for the flush").isEqualTo("off");
      tx.commit().await();
      assertThat(connection.query("show synchronous_commit").execute().await().iterator().next().getString(0))
          .as("the connection's next transaction waits for its flush again").isEqualTo("on");
      assertThat(new OutboxRepository(connection).byTicket(t.id()).await().get(0).state()).isEqualTo("sent");
    } finally {
      connection.close().await();
    }
  }

  @Test
  void acknowledgmentsOfABatchAreEnqueuedWithTheirTimelineEntriesAndMarkTheirTicketsInOneStatement() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket first = newTicket(mb.id());
    Ticket second = newTicket(mb.id());
    Ticket untouched = newTicket(mb.id());
    OutboxRepository outbox = new OutboxRepository(pool);

    outbox.enqueueAcknowledgments(List.of(acknowledgment(mb.id(), second, "a2"), acknowledgment(mb.id(), first, "a1")))
        .await();

    RowSet<Row> rows = pool.query("select o.ticket_id, o.message_id, o.recipient, o.to_addresses, o.refs, "
            + "o.headers->>'Auto-Submitted', m.kind, m.direction, m.message_id, m.to_addresses, m.refs, m.warnings "
            + "from outbox o join ticket_message m on m.id = o.ticket_message_id order by o.id").execute().await();
    List<String> found = new ArrayList<>();
    rows.forEach(r -> found.add(r.getLong(0) + " " + r.getString(1) + " " + r.getString(2) + " "
        + List.of(r.getArrayOfStrings(3)) + " " + List.of(r.getArrayOfStrings(4)) + " " + r.getString(5) + " "
        + r.getString(6) + " " + r.getString(7) + " " + r.getString(8) + " " + List.of(r.getArrayOfStrings(9)) + " "
        + List.of(r.getArrayOfStrings(10)) + " " + List.of(r.getArrayOfStrings(11))));
    assertThat(found).as("outbox rows in the order given, each joined to its own timeline entry").containsExactly(
        second.id() + " a2@switchboard jane@example.org [Jane@Example.org] [x@example.org, y@example.org] auto-replied "
            + "acknowledgment outbound a2@switchboard [Jane@Example.org] [x@example.org, y@example.org] []",
        first.id() + " a1@switchboard jane@example.org [Jane@Example.org] [x@example.org, y@example.org] auto-replied "
            + "acknowledgment outbound a1@switchboard [Jane@Example.org] [x@example.org, y@example.org] []");
    RowSet<Row> marked = pool.query("select id from ticket where acknowledged_at is not null order by id").execute().await();
    List<Long> acknowledged = new ArrayList<>();
    marked.forEach(r -> acknowledged.add(r.getLong(0)));
    assertThat(acknowledged).containsExactly(first.id(), second.id()).doesNotContain(untouched.id());
    assertThat(outbox.countRecent("jane@example.org", "acknowledgment", Duration.ofHours(1)).await()).isEqualTo(2);

    Throwable again;
    try {
      outbox.enqueueAcknowledgments(List.of(acknowledgment(mb.id(), first, "a3"))).await();
      again = null;
    } catch (Throwable e) {
      again = e;
    }
    assertThat(TicketMessageRepository.isUniqueViolation(again))
        .as("a second acknowledgment of a ticket: expected SQLSTATE 23505, got %s", again)
        .isTrue();
  }

  @Test
  void aTicketIsOpenedWithItsFirstMessageInOneStatement() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Contact jane = new ContactRepository(pool).findOrCreateByEmail("Jane@Example.org", "Jane").await();

    TicketRepository.Opened opened = new TicketRepository(pool)
        .createWithFirstMessage(
            new NewTicket(mb.id(), "Printer on fire", "new", "normal", jane.id(), "email", false, null),
            inbound(NewTicketMessage.NEW_TICKET, mb.id(), "first@example.org"))
        .await();

    assertThat(opened.ticket().subject()).isEqualTo("Printer on fire");
    assertThat(opened.ticket().requesterEmail()).isEqualTo(jane.email());
    List<TicketMessage> timeline = new TicketMessageRepository(pool).byTicket(opened.ticket().id()).await();
    assertThat(timeline).extracting(TicketMessage::id).containsExactly(opened.firstMessageId());
    assertThat(timeline.get(0).messageId()).isEqualTo("first@example.org");
    assertThat(timeline.get(0).mailboxId()).isEqualTo(mb.id());
    assertThat(timeline.get(0).replyText()).isEqualTo("help");
  }

  @Test
  void aClaimedNotificationComesWithTheRootOfItsRecipientsThreadAndAReplayClaimsNothing() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket ticket = newTicket(mb.id());
    Ticket other = newTicket(mb.id());
    NotificationRepository notifications = new NotificationRepository(pool);
    long id = ticket.id();
    NotificationRepository.Claim opened = new NotificationRepository.Claim(id, "opened", "raw:1", "Alice@Example.com");
    NotificationRepository.Claim reply = new NotificationRepository.Claim(id, "reply", "raw:2", "alice@example.com");
    NotificationRepository.Claim bob = new NotificationRepository.Claim(id, "reply", "raw:2", "bob@example.com");
    NotificationRepository.Claim elsewhere =
        new NotificationRepository.Claim(other.id(), "reply", "raw:2", "alice@example.com");

    // a group's activity claimed in one statement: the roots are found among the claims of the same statement too
    Map<NotificationRepository.Claim, NotificationRepository.Claimed> first =
        claimAndEnqueue(mb, List.of(opened, reply, bob, elsewhere, opened));
    assertThat(first).as("the same claim twice in one call is one claim").hasSize(4);
    assertThat(first.get(opened).first()).as("the first about the ticket is its own root")
        .isEqualTo(first.get(opened).id());
    assertThat(first.get(reply).id()).isNotEqualTo(first.get(opened).id());
    assertThat(first.get(reply).first()).as("a later one answers the first, whatever the address's case")
        .isEqualTo(first.get(opened).id());
    assertThat(first.get(bob).first()).as("each recipient has a thread of their own").isEqualTo(first.get(bob).id());
    assertThat(first.get(elsewhere).first()).as("and one per ticket").isEqualTo(first.get(elsewhere).id());

    NotificationRepository.Claim later = new NotificationRepository.Claim(id, "reply", "raw:3", "ALICE@example.com");
    Map<NotificationRepository.Claim, NotificationRepository.Claimed> second = claimAndEnqueue(mb, List.of(reply, later));
    assertThat(second).as("the same change replayed claims nothing").containsOnlyKeys(later);
    assertThat(second.get(later).first()).as("a later statement finds the root stored before")
        .isEqualTo(first.get(opened).id());

    NotificationRepository.Claim unsent = new NotificationRepository.Claim(id, "reply", "raw:4", "alice@example.com");
    assertThatThrownBy(() -> pool.withTransaction(tx -> new NotificationRepository(tx).claimAll(List.of(unsent)))
        .await()).as("a claim whose mail was never enqueued does not commit").hasMessageContaining("foreign key");
    assertThat(notifications.claimAll(List.of()).await()).isEmpty();
  }

  /** Claims, and enqueues each new claim's mail with the outbox id it was given, in one transaction. */
  private static Map<NotificationRepository.Claim, NotificationRepository.Claimed> claimAndEnqueue(
      Mailbox mb, List<NotificationRepository.Claim> claims) {
    return pool.withTransaction(tx -> new NotificationRepository(tx).claimAll(claims).compose(claimed ->
        new OutboxRepository(tx).enqueueNotifications(claimed.entrySet().stream()
                .map(c -> new OutboxRepository.NotificationMail(c.getValue().outboxId(),
                    new NewOutboxMail(mb.id(), c.getKey().ticketId(), null, "notification",
                        "n" + c.getValue().id() + "@example.com", "support@example.com", null,
                        List.of(c.getKey().recipient()), List.of(), "s", null, List.of(), null, "b", null),
                    List.of()))
                .toList())
            .map(claimed)))
        .await();
  }

  @Test
  void theFirstMessageOfANewTicketCannotNameAnotherTicket() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket existing = newTicket(mb.id());
    TicketRepository tickets = new TicketRepository(pool);
    NewTicket ticket = new NewTicket(mb.id(), "Printer on fire", "new", "normal", null, "email", false, null);

    assertThatThrownBy(() -> tickets.createWithFirstMessage(ticket, inbound(existing.id(), mb.id(), "x@example.org")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static OutboxRepository.Acknowledgment acknowledgment(long mailboxId, Ticket ticket, String localPart) {
    String messageId = localPart + "@switchboard";
    List<String> refs = List.of("x@example.org", "y@example.org");
    return new OutboxRepository.Acknowledgment(
        new NewTicketMessage(ticket.id(), mailboxId, null, "outbound", "acknowledgment", "email", messageId,
            "y@example.org", refs, "support@example.com", "Support", List.of("Jane@Example.org"), List.of(),
            "[#" + ticket.number() + "] Printer on fire", "hello", null, null, null, List.of()),
        new NewOutboxMail(mailboxId, ticket.id(), null, "acknowledgment", messageId, "support@example.com", "Support",
            List.of("Jane@Example.org"), List.of(), "[#" + ticket.number() + "] Printer on fire", "y@example.org", refs,
            new JsonObject().put("Auto-Submitted", "auto-replied"), "hello", null));
  }

  private static Throwable captureFailure(TicketMessageRepository messages, NewTicketMessage m) {
    try {
      messages.insert(m).await();
      return null;
    } catch (Throwable e) {
      return e;
    }
  }

  private static Ticket newTicket(long mailboxId) {
    Contact c = new ContactRepository(pool).findOrCreateByEmail("Jane@Example.org", "Jane").await();
    return new TicketRepository(pool)
        .create(new NewTicket(mailboxId, "Printer on fire", "new", "normal", c.id(), "email", false, null))
        .await();
  }

  private static NewTicketMessage inbound(long ticketId, long mailboxId, String messageId) {
    return new NewTicketMessage(
        ticketId, mailboxId, null, "inbound", "customer", "email", messageId, null, List.of(), "jane@example.org",
        "Jane", List.of("support@example.com"), List.of(), "Printer on fire", "help", "help", null, "human",
        List.of());
  }
}
