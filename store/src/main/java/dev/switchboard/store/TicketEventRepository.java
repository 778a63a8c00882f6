package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** The audit trail of what happened to each ticket and who did it. */
public final class TicketEventRepository {
  private static final String INSERT = "insert into ticket_event (ticket_id, actor, type, detail) values ($1, $2, $3, $4)";

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
}
