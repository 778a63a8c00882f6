package dev.switchboard.gateway.sla;

import dev.switchboard.store.ScheduledEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;

/**
 * Does the work of a due event. {@code tx} is the transaction that marks the event done, so the work (a ticket event,
 * an outbox mail) and "done" commit together or not at all. A failed future undoes the work; a transient
 * {@link dev.switchboard.store.SwitchboardException} (or any other failure) is tried again later, a permanent one is
 * given up at once.
 */
@FunctionalInterface
public interface ScheduledEventHandler {
  Future<Void> handle(SqlClient tx, ScheduledEvent event, Instant now);
}
