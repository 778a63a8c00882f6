package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Statements the intake runs once per batch must not read a whole table: their cost would grow with the help desk's
 * history. Checked on the generic plan, the one PostgreSQL keeps for a prepared statement after a few runs.
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
}
