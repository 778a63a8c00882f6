package dev.switchboard.gateway.sla;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.Map;

/**
 * Does the work of a due event. {@code tx} is the transaction that marks the event done, so the work (a ticket event,
 * an outbox mail) and "done" commit together or not at all. A failed future undoes the work; a transient
 * {@link SwitchboardException} (or any other failure) is tried again later, a permanent one is
 * given up at once.
 */
@FunctionalInterface
public interface ScheduledEventHandler {
  Future<Void> handle(SqlClient tx, ScheduledEvent event, Instant now);

  /**
   * Hands each event to the handler of its kind. A kind without a handler fails transiently, so an event scheduled
   * before its handler is deployed waits (with the scheduler's backoff) instead of being dropped.
   */
  static ScheduledEventHandler byKind(Map<ScheduledEventKind, ScheduledEventHandler> handlers) {
    Map<ScheduledEventKind, ScheduledEventHandler> copy = Map.copyOf(handlers);
    return (tx, event, now) -> {
      ScheduledEventHandler h = copy.get(event.kind());
      return h == null
          ? Future.failedFuture(SwitchboardException.transientFault("no handler for " + event.kind().wireName() + " yet"))
          : h.handle(tx, event, now);
    };
  }
}
