package dev.switchboard.gateway.notify;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/** Tells coordinators about activity on a ticket, inside the transaction that made the change. */
@FunctionalInterface
public interface Notifier {
  /** Tells nobody. */
  Notifier NONE = (tx, activity) -> Future.succeededFuture();

  Future<Void> notify(SqlClient tx, TicketActivity activity);

  /** {@link #notify} for each activity, in order; an implementation may do it with fewer statements. */
  default Future<Void> notifyAll(SqlClient tx, List<TicketActivity> activities) {
    Future<Void> chain = Future.succeededFuture();
    for (TicketActivity activity : activities) {
      chain = chain.compose(v -> notify(tx, activity));
    }
    return chain;
  }

  /**
   * Tells addresses outside the coordinators (an escalation address) about an activity, each once, like
   * {@link #notify}; without a coordinator's reply address, since they are not one. Does nothing by default.
   */
  default Future<Void> escalate(SqlClient tx, TicketActivity activity, List<String> addresses) {
    return Future.succeededFuture();
  }
}
