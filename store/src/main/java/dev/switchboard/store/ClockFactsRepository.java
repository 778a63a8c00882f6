package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what a ticket's response clock needs: status history from the audit trail and the latest messages. */
public final class ClockFactsRepository {
  // the status before the first change is that change's "from"; without changes it is the current status
  private static final String FACTS =
      "select t.id, t.status, t.priority, t.created_at, t.first_response_at, "
          + "(select max(m.created_at) from ticket_message m where m.ticket_id = t.id and m.direction = 'inbound' "
          + "and m.kind = 'customer') as last_customer_at, "
          + "(select min(m.created_at) from ticket_message m where m.ticket_id = t.id and m.direction = 'inbound' "
          + "and m.kind = 'customer') as first_customer_at, "
          + "coalesce((select m.kind in ('auto-reply', 'bounce', 'list', 'automated') from ticket_message m "
          + "where m.ticket_id = t.id order by m.id limit 1), false) as opened_by_machine, "
          + "(select max(m.created_at) from ticket_message m where m.ticket_id = t.id and m.direction = 'outbound' "
          + "and m.kind = 'agent-reply') as last_agent_reply_at, "
          + "(select e.detail->>'from' from ticket_event e where e.ticket_id = t.id and e.type = 'status-changed' "
          + "order by e.at, e.id limit 1) as initial_status, "
          + "(select coalesce(json_agg(json_build_array(to_char(e.at at time zone 'UTC', "
          + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), e.detail->>'to') order by e.at, e.id), '[]'::json) "
          + "from ticket_event e where e.ticket_id = t.id and e.type = 'status-changed') as changes "
          + "from ticket t where t.id = $1";
  /**
   * The same facts for many tickets in one statement: each table is read once for all of them and grouped, rather
   * than six correlated subqueries per ticket.
   */
  private static final String FACTS_OF =
      "with t as (select id, status, priority, created_at, first_response_at from ticket where id = any($1)), "
          + "m as (select ticket_id, "
          + "max(created_at) filter (where direction = 'inbound' and kind = 'customer') as last_customer_at, "
          + "min(created_at) filter (where direction = 'inbound' and kind = 'customer') as first_customer_at, "
          + "(array_agg(kind order by id))[1] as first_kind, "
          + "max(created_at) filter (where direction = 'outbound' and kind = 'agent-reply') as last_agent_reply_at "
          + "from ticket_message where ticket_id = any($1) group by ticket_id), "
          + "e as (select ticket_id, (array_agg(detail->>'from' order by at, id))[1] as initial_status, "
          + "json_agg(json_build_array(to_char(at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
          + "detail->>'to') order by at, id) as changes "
          + "from ticket_event where ticket_id = any($1) and type = 'status-changed' group by ticket_id) "
          + "select t.id, t.status, t.priority, t.created_at, t.first_response_at, m.last_customer_at, "
          + "m.first_customer_at, "
          + "coalesce(m.first_kind in ('auto-reply', 'bounce', 'list', 'automated'), false) as opened_by_machine, "
          + "m.last_agent_reply_at, e.initial_status, coalesce(e.changes, '[]'::json) as changes "
          + "from t left join m on m.ticket_id = t.id left join e on e.ticket_id = t.id";

  private final SqlClient client;

  public ClockFactsRepository(SqlClient client) {
    this.client = client;
  }

  /** The ticket's clock facts, or null when there is no such ticket. */
  public Future<ClockFacts> facts(long ticketId) {
    return client.preparedQuery(FACTS).execute(Tuple.of(ticketId))
        .map(rows -> rows.size() == 0 ? null : map(rows.iterator().next()));
  }

  /** The clock facts of each ticket that exists, by ticket id; one statement however many tickets. */
  public Future<Map<Long, ClockFacts>> factsOf(Collection<Long> ticketIds) {
    if (ticketIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(FACTS_OF).execute(Tuple.of((Object) ticketIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, ClockFacts> facts = new LinkedHashMap<>();
          for (Row row : rows) {
            ClockFacts f = map(row);
            facts.put(f.ticketId(), f);
          }
          return facts;
        });
  }

  private static ClockFacts map(Row row) {
    Instant created = row.getOffsetDateTime("created_at").toInstant();
    String initial = row.getString("initial_status");
    List<ClockFacts.StatusAt> history = new ArrayList<>();
    history.add(new ClockFacts.StatusAt(created, initial == null ? row.getString("status") : initial));
    Object changes = row.getValue("changes");
    JsonArray array = changes instanceof JsonArray a ? a : new JsonArray(String.valueOf(changes));
    for (int i = 0; i < array.size(); i++) {
      JsonArray change = array.getJsonArray(i);
      if (change.getString(1) != null) {
        history.add(new ClockFacts.StatusAt(Instant.parse(change.getString(0)), change.getString(1)));
      }
    }
    return new ClockFacts(row.getLong("id"), row.getString("status"), row.getString("priority"), created,
        instant(row.getOffsetDateTime("first_response_at")), instant(row.getOffsetDateTime("last_customer_at")),
        instant(row.getOffsetDateTime("last_agent_reply_at")), history, row.getBoolean("opened_by_machine"),
        instant(row.getOffsetDateTime("first_customer_at")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
