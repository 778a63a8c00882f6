package dev.switchboard.gateway.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

/** Tells coordinators about activity on a ticket, inside the transaction that made the change. */
@FunctionalInterface
public interface Notifier {
  /** Tells nobody. */
  Notifier NONE = (tx, activity) -> Future.succeededFuture();

  Future<Void> notify(SqlClient tx, TicketActivity activity);
}
