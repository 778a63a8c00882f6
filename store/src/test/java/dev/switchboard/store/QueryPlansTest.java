package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statements the intake and the sender run once per batch must not read a whole table: their cost would grow with the
 * help desk's history. Checked on the generic plan, the one PostgreSQL keeps for a prepared statement after a few runs.
 */
class QueryPlansTest extends DatabaseTest {

  @Test
  void aBatchOfAcknowledgmentsFindsItsTicketsByIndexNotByReadingEveryTicket() {
    pool.query("insert into mailbox (name, address) values ('support', 'support@example.com')").execute().await();
    pool.query("insert into ticket (mailbox_id, subject, status, priority, channel) "
        + "select 1, 'ticket ' || g, 'new', 'normal', 'email' from generate_series(1, 5000) g").execute().await();
    pool.query("analyze ticket").execute().await();

    List<String> plan = genericPlan(OutboxRepository.INSERT_ACKNOWLEDGMENTS, "jsonb", "[]");

    assertThat(plan).anyMatch(line -> line.contains("Update on ticket"));
    assertThat(plan).noneMatch(line -> line.contains("Seq Scan on ticket"));
  }

  @Test
  void theSenderLeasesFromTheIndexInItsOrderNotBySortingEveryPendingMail() {
    pool.query("insert into mailbox (name, address) values ('support', 'support@example.com')").execute().await();
    pool.query("insert into outbox (mailbox_id, kind, message_id, from_address, recipient, to_addresses, subject, "
        + "body_text) select 1, case when g % 3 = 0 then 'acknowledgment' else 'notification' end, 'm' || g, "
        + "'support@example.com', 'r' || g || '@example.org', array['r' || g || '@example.org'], 's', 'b' "
        + "from generate_series(1, 5000) g").execute().await();
    pool.query("analyze outbox").execute().await();

    Map<String, String> indexes = Map.of(
        OutboxRepository.LEASE_PEOPLE, "outbox_due_people_idx",
        OutboxRepository.LEASE_NOTIFICATIONS, "outbox_due_notifications_idx");
    for (var lease : indexes.entrySet()) {
      List<String> plan = genericPlan(lease.getKey(), "int, float8", "200", "300");

      assertThat(plan).as(lease.getValue()).anyMatch(line -> line.contains("Index Scan using " + lease.getValue()));
      assertThat(plan).as(lease.getValue())
          .noneMatch(line -> line.contains("Sort") || line.contains("Seq Scan on outbox"));
    }
  }

  @Test
  void aLeaseIsPlannedForTheOutboxAsItIsNotAsItWasWhenTheConnectionFirstSentIt() {
    pool.query("insert into mailbox (name, address) values ('support', 'support@example.com')").execute().await();
    pool.query("insert into outbox (mailbox_id, kind, message_id, from_address, recipient, to_addresses, subject, "
        + "body_text) select 1, 'acknowledgment', 'm' || g, 'support@example.com', 'r' || g || '@example.org', "
        + "array['r' || g || '@example.org'], 's', 'b' from generate_series(1, 20000) g").execute().await();
    // not analyzed: as in a fresh install's first minute, before autovacuum has looked at the grown table

    for (String lease : List.of(OutboxRepository.LEASE_PEOPLE, OutboxRepository.LEASE_NOTIFICATIONS)) {
      List<String> plan = new java.util.ArrayList<>();
      pool.query("explain " + OutboxRepository.planned(lease, 200, java.time.Duration.ofMinutes(2))).execute().await()
          .forEach(row -> plan.add(row.getString(0)));

      assertThat(plan).as(lease).anyMatch(line -> line.contains("Index Scan using outbox_pkey"));
      assertThat(plan).as(lease).noneMatch(line -> line.contains("Seq Scan on outbox"));
    }
  }

  @Test
  void aGroupsDueTimesAreStoredByIndexAsTheTicketTableIsNotAsItWas() {
    pool.query("insert into mailbox (name, address) values ('support', 'support@example.com')").execute().await();
    pool.query("insert into ticket (mailbox_id, subject, status, priority, channel) "
        + "select 1, 'ticket ' || g, 'new', 'normal', 'email' from generate_series(1, 20000) g").execute().await();
    // not analyzed, as in an import's first minute
    java.time.Instant due = java.time.Instant.parse("2026-12-04T10:15:30.123456789Z");
    List<TicketRepository.ResponseDue> dues = List.of(new TicketRepository.ResponseDue(17, due, null),
        new TicketRepository.ResponseDue(19_999, null, due.plusSeconds(60)));

    List<String> plan = new java.util.ArrayList<>();
    pool.query("explain " + TicketRepository.planned(dues)).execute().await()
        .forEach(row -> plan.add(row.getString(0)));
    pool.query(TicketRepository.planned(dues)).execute().await();

    assertThat(plan).anyMatch(line -> line.contains("Index Scan using ticket_pkey"));
    assertThat(plan).noneMatch(line -> line.contains("Seq Scan on ticket"));
    var stored = pool.query("select id, first_response_due_at, next_response_due_at from ticket where id in (17, 19999) "
        + "order by id").execute().await().iterator();
    var first = stored.next();
    assertThat(first.getOffsetDateTime(1).toInstant()).isEqualTo(java.time.Instant.parse("2026-12-04T10:15:30.123456Z"));
    assertThat(first.getOffsetDateTime(2)).isNull();
    var second = stored.next();
    assertThat(second.getOffsetDateTime(1)).isNull();
    assertThat(second.getOffsetDateTime(2).toInstant()).isEqualTo(java.time.Instant.parse("2026-12-04T10:16:30.123456Z"));
  }
}
