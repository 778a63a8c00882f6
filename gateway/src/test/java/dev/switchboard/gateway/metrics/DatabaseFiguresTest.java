package dev.switchboard.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.store.testing.DatabaseTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database-backed gauges and the arrival lookup against the real schema on embedded PostgreSQL. */
class DatabaseFiguresTest extends DatabaseTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Metrics metrics = new Metrics(registry, Clock.systemUTC());

  private void sql(String... statements) {
    for (String s : statements) {
      pool.query(s).execute().await();
    }
  }

  private double gauge(String name, String... tags) {
    return registry.find(name).tags(tags).gauge().value();
  }

  private static String outbox(long id, String kind, String state, String nextAttempt, String inReplyTo) {
    return "insert into outbox (id, mailbox_id, ticket_id, kind, message_id, from_address, recipient, to_addresses,"
        + " subject, body_text, state, next_attempt_at, in_reply_to) values (" + id + ", 1, null, '" + kind + "', 'o"
        + id + "@x', 'support@example.com', 'jane@example.org', '{jane@example.org}', 's', 'b', '" + state + "', "
        + nextAttempt + ", " + inReplyTo + ")";
  }

  @Test
  void backlogAgesAndOutboxDepthComeFromTheDatabase() {
    sql("insert into mailbox (id, name, address) values (1, 'support', 'support@example.com'),"
            + " (2, 'sales', 'sales@example.com')",
        "insert into raw_message (mailbox_id, uid_validity, uid, size, content, received_at, state) values"
            + " (1, 1, 1, 1, 'x', now() - interval '10 minutes', 'received'),"
            + " (1, 1, 2, 1, 'x', now() - interval '2 minutes', 'received'),"
            + " (1, 1, 3, 1, 'x', now() - interval '1 hour', 'processed')",
        outbox(1, "acknowledgment", "pending", "now() - interval '5 minutes'", "null"),
        outbox(2, "acknowledgment", "pending", "now() + interval '5 minutes'", "null"),
        outbox(3, "acknowledgment", "sent", "now() - interval '1 hour'", "null"));

    new DatabaseFigures(pool, metrics).refresh().await();

    assertThat(gauge("switchboard.mailbox.oldest.unprocessed.age", "mailbox", "support")).isCloseTo(600, within(5.0));
    assertThat(gauge("switchboard.mailbox.oldest.unprocessed.age", "mailbox", "sales")).isZero();
    assertThat(gauge("switchboard.outbox.depth")).isEqualTo(2);
    assertThat(gauge("switchboard.outbox.oldest.due.age")).isCloseTo(300, within(5.0));
  }

  @Test
  void anAcknowledgmentArrivedWhenTheMailItAnswersWasReceived() {
    sql("insert into mailbox (id, name, address) values (1, 'support', 'support@example.com')",
        "insert into raw_message (id, mailbox_id, uid_validity, uid, size, content, received_at, state) values"
            + " (10, 1, 1, 1, 1, 'x', '2026-12-04T09:00:00Z', 'processed')",
        "insert into contact (id, email) values (1, 'jane@example.org')",
        "insert into ticket (id, number, subject, requester_id, channel) values (1, 1001, 's', 1, 'email')",
        "insert into ticket_message (ticket_id, mailbox_id, raw_message_id, direction, kind, channel, message_id)"
            + " values (1, 1, 10, 'inbound', 'customer', 'email', 'in-1@example.org')",
        outbox(1, "acknowledgment", "sent", "now()", "'in-1@example.org'"),
        "update outbox set ticket_id = 1 where id = 1",
        outbox(2, "agent-reply", "pending", "now()", "'unknown@example.org'"),
        "update outbox set created_at = '2026-12-04T09:30:00Z' where id = 2");
    DatabaseFigures figures = new DatabaseFigures(pool, metrics);

    assertThat(figures.arrivalsOf(List.of(1L, 2L, 99L)).await()).isEqualTo(Map.of(
        1L, Instant.parse("2026-12-04T09:00:00Z"),
        2L, Instant.parse("2026-12-04T09:30:00Z")));
  }

  @Test
  void theArrivalLookupFindsEachInboundMailByItsKeyNotByReadingTheIndex() {
    sql("insert into mailbox (id, name, address) values (1, 'support', 'support@example.com')",
        "insert into raw_message (id, mailbox_id, uid_validity, uid, size, content, state)"
            + " select g, 1, 1, g, 1, 'x', 'processed' from generate_series(1, 3000) g",
        "insert into ticket (id, number, subject, channel) select g, 1000 + g, 's', 'email' from generate_series(1, 3000) g",
        "insert into ticket_message (ticket_id, mailbox_id, raw_message_id, direction, kind, channel, message_id)"
            + " select g, 1, g, 'inbound', 'customer', 'email', 'in-' || g || '@example.org'"
            + " from generate_series(1, 3000) g",
        "analyze raw_message", "analyze ticket", "analyze ticket_message");

    List<String> plan = genericPlan(DatabaseFigures.ARRIVAL, "bigint[]", "{1,2,3}");

    // the scan of ticket_message seeks by a leading column (the key's mailbox, or the ticket), not by the Message-ID
    // alone, which is the key's second column: that reads the whole index
    int scan = indexOf(plan, "on ticket_message tm");
    assertThat(scan).isNotNegative();
    assertThat(plan.get(scan)).contains("Index Scan");
    assertThat(plan.get(scan + 1)).contains("Index Cond").containsAnyOf("mailbox_id =", "ticket_id =");
  }

  @Test
  void theOutboxFiguresReadTheIndexesOfPendingMailNotTheSentMail() {
    sql("insert into mailbox (id, name, address) values (1, 'support', 'support@example.com')",
        "insert into outbox (mailbox_id, kind, message_id, from_address, recipient, to_addresses, subject, body_text, "
            + "state) select 1, case when g % 3 = 0 then 'acknowledgment' else 'notification' end, 'm' || g, "
            + "'support@example.com', 'r' || g || '@example.org', array['r' || g || '@example.org'], 's', 'b', "
            + "case when g > 19990 then 'pending' else 'sent' end from generate_series(1, 20000) g",
        "analyze outbox");

    List<String> plan = new java.util.ArrayList<>();
    pool.query("explain " + DatabaseFigures.OUTBOX).execute().await().forEach(row -> plan.add(row.getString(0)));

    // V23 dropped outbox_due_idx: V20's two partial indexes hold every pending mail between them
    assertThat(plan).anyMatch(line -> line.contains("outbox_due_people_idx"));
    assertThat(plan).anyMatch(line -> line.contains("outbox_due_notifications_idx"));
    assertThat(plan).noneMatch(line -> line.contains("Seq Scan on outbox"));
    new DatabaseFigures(pool, metrics).refresh().await();
    assertThat(gauge("switchboard.outbox.depth")).isEqualTo(10);
  }

  private static int indexOf(List<String> lines, String part) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(part)) {
        return i;
      }
    }
    return -1;
  }
}
