package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;

/** The audit trail of what happened to each ticket and who did it. */
public final class TicketEventRepository {
  private static final String INSERT = "insert into ticket_event (ticket_id, actor, type, detail) values ($1, $2, $3, $4)";

  private static final String INSERT_SET =
      "insert into ticket_event (ticket_id, actor, type, detail) "
          + "select e.ticket_id, e.actor, e.type, e.detail::jsonb "
          + "from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) with ordinality as e(ticket_id, actor, type, "
          + "detail, n) order by e.n";

  /** One event for {@link #appendAll}. */
  public record NewEvent(long ticketId, String actor, String type, JsonObject detail) {
    public NewEvent {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(type, "type");
      detail = detail == null ? new JsonObject() : detail;
    }
  }

  private final SqlClient client;

  public TicketEventRepository(SqlClient client) {
    this.client = client;
  }

  public Future<Void> append(long ticketId, String actor, String type, JsonObject detail) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(ticketId, actor, type, detail == null ? new JsonObject() : detail))
        .mapEmpty();
  }

  /** Appends many events with one statement, in the order given. */
  public Future<Void> appendAll(List<NewEvent> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] tickets = new Long[events.size()];
    String[] actors = new String[events.size()];
    String[] types = new String[events.size()];
    String[] details = new String[events.size()];
    for (int i = 0; i < tickets.length; i++) {
      NewEvent e = events.get(i);
      tickets[i] = e.ticketId();
      actors[i] = e.actor();
      types[i] = e.type();
      details[i] = e.detail().encode();
    }
    return client.preparedQuery(INSERT_SET).execute(Tuple.of(tickets, actors, types, details)).mapEmpty();
  }
}
