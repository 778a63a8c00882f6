package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;

/** The facts of the daily digest: every ticket of a mailbox that is not done, oldest first, in one statement. */
public final class DigestRepository {
  private static final String OPEN_TICKETS =
      "select t.number, t.subject, t.status, t.priority, t.assignee, t.created_at, t.updated_at, "
          + "t.first_response_at, least(t.first_response_due_at, t.next_response_due_at) as due_at, "
          + "case when t.needs_attention then coalesce(t.attention_reason, 'flagged') end as attention_reason, "
          + "exists (select 1 from scheduled_event e where e.ticket_id = t.id and e.kind = 'hold-ends' "
          + "and e.done_at is null) as hold_dated, "
          + "exists (select 1 from call c where c.ticket_id = t.id and c.direction = 'inbound' "
          + "and c.disposition <> 'answered') as missed_call "
          + "from ticket t where t.mailbox_id = $1 and t.status <> all($2) order by t.created_at, t.id";

  static final Function<Row, DigestTicket> MAPPER =
      r -> new DigestTicket(
          r.getLong("number"),
          r.getString("subject"),
          r.getString("status"),
          r.getString("priority"),
          r.getString("assignee"),
          r.getOffsetDateTime("created_at").toInstant(),
          r.getOffsetDateTime("updated_at").toInstant(),
          instant(r.getOffsetDateTime("first_response_at")),
          instant(r.getOffsetDateTime("due_at")),
          r.getString("attention_reason"),
          r.getBoolean("hold_dated"),
          r.getBoolean("missed_call"));

  private final SqlClient client;

  public DigestRepository(SqlClient client) {
    this.client = client;
  }

  /** @param doneStatuses statuses of tickets that need nothing more (resolved, closed, the spam status) */
  public Future<List<DigestTicket>> openTickets(long mailboxId, List<String> doneStatuses) {
    return client
        .preparedQuery(OPEN_TICKETS)
        .execute(Tuple.of(mailboxId, (Object) doneStatuses.toArray(new String[0])))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
