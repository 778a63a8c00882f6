package dev.switchboard.gateway.notify;

import dev.switchboard.gateway.sla.ResponseClock;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Map;

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
   * {@link #notifyAll(SqlClient, List)} where the caller has just computed (and stored) the due times of some of the
   * tickets in this transaction: an implementation that shows them need not compute them again.
   */
  default Future<Void> notifyAll(
      SqlClient tx, List<TicketActivity> activities, Map<Long, ResponseClock.Due> dueNow) {
    return notifyAll(tx, activities);
  }

  /**
   * Tells addresses outside the coordinators (an escalation address) about an activity, each once, like
   * {@link #notify}; without a coordinator's reply address, since they are not one. Does nothing by default.
   */
  default Future<Void> escalate(SqlClient tx, TicketActivity activity, List<String> addresses) {
    return Future.succeededFuture();
  }
}
