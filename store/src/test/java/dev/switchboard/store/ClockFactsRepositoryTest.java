package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The response clock's facts from a real PostgreSQL: status history from the audit trail, latest messages. */
class ClockFactsRepositoryTest extends DatabaseTest {
  @Test
  void readsStatusHistoryAndTheLatestRequesterAndCoordinatorMessages() {
    Ticket t = new TicketRepository(pool)
        .create(new NewTicket(null, "VPN", "new", "high", null, "api", false, null)).await();
    long id = t.id();
    sql("insert into ticket_event (ticket_id, at, actor, type, detail) values "
        + "(" + id + ", '2026-03-30T09:10:00Z', 'api', 'status-changed', '{\"from\": \"new\", \"to\": \"waiting\"}'), "
        + "(" + id + ", '2026-03-30T11:00:00Z', 'api', 'priority-changed', '{\"from\": \"high\", \"to\": \"low\"}'), "
        + "(" + id + ", '2026-03-30T12:00:00.123456Z', 'system', 'status-changed', "
        + "'{\"from\": \"waiting\", \"to\": \"open\"}')");
    sql("insert into ticket_message (ticket_id, direction, kind, channel, created_at) values "
        + "(" + id + ", 'inbound', 'customer', 'email', '2026-03-30T09:00:00Z'), "
        + "(" + id + ", 'outbound', 'agent-reply', 'email', '2026-03-30T10:00:00Z'), "
        + "(" + id + ", 'inbound', 'customer', 'email', '2026-03-30T13:00:00Z'), "
        + "(" + id + ", 'inbound', 'auto-reply', 'email', '2026-03-30T14:00:00Z'), "
        + "(" + id + ", 'outbound', 'acknowledgment', 'email', '2026-03-30T15:00:00Z')");

    ClockFacts f = new ClockFactsRepository(pool).facts(id).await();
    assertThat(f.priority()).isEqualTo("high");
    assertThat(f.createdAt()).isEqualTo(t.createdAt().toInstant());
    assertThat(f.statusHistory()).containsExactly(
        new ClockFacts.StatusAt(t.createdAt().toInstant(), "new"),
        new ClockFacts.StatusAt(Instant.parse("2026-03-30T09:10:00Z"), "waiting"),
        new ClockFacts.StatusAt(Instant.parse("2026-03-30T12:00:00.123456Z"), "open"));
    assertThat(f.lastCustomerMessageAt()).isEqualTo(Instant.parse("2026-03-30T13:00:00Z"));
    assertThat(f.lastCoordinatorReplyAt()).isEqualTo(Instant.parse("2026-03-30T10:00:00Z"));
    assertThat(f.firstResponseAt()).isNull();
    assertThat(new ClockFactsRepository(pool).facts(id + 1000).await()).isNull();

    Ticket other = new TicketRepository(pool)
        .create(new NewTicket(null, "Printer", "new", "low", null, "api", false, null)).await();
    Ticket machine = new TicketRepository(pool)
        .create(new NewTicket(null, "Out of office", "new", "normal", null, "email", false, null)).await();
    sql("insert into ticket_message (ticket_id, direction, kind, channel, created_at) values "
        + "(" + machine.id() + ", 'inbound', 'auto-reply', 'email', '2026-03-30T09:00:00Z'), "
        + "(" + machine.id() + ", 'inbound', 'customer', 'email', '2026-03-30T10:00:00Z')");
    var many = new ClockFactsRepository(pool).factsOf(List.of(id, other.id(), machine.id(), id + 1000)).await();
    assertThat(many).as("the set-based read gives the same facts, and leaves out a ticket that is not there")
        .containsOnlyKeys(id, other.id(), machine.id());
    assertThat(many.get(id)).isEqualTo(f);
    assertThat(many.get(machine.id())).isEqualTo(new ClockFactsRepository(pool).facts(machine.id()).await());
    assertThat(many.get(machine.id()).openedByMachine()).isTrue();
    assertThat(many.get(other.id()).priority()).isEqualTo("low");
    assertThat(many.get(other.id()).statusHistory())
        .containsExactly(new ClockFacts.StatusAt(other.createdAt().toInstant(), "new"));
  }

  private static void sql(String s) {
    pool.query(s).execute().await();
  }
}
