package dev.switchboard.gateway.intake;

import dev.switchboard.store.RawMessageRepository;
import dev.switchboard.store.TicketEventRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one intake transaction that nothing later in it reads: each raw message's new state and the tickets'
 * audit events. Collected mail by mail, written with one statement each just before the transaction commits, so they
 * commit with the tickets they belong to (or not at all) at a fraction of the round trips.
 */
final class BatchWrites {
  private final List<RawMessageRepository.Mark> marks = new ArrayList<>();
  private final List<TicketEventRepository.NewEvent> events = new ArrayList<>();

  Future<Void> mark(long rawMessageId, RawMessageRepository.State state, String error) {
    marks.add(new RawMessageRepository.Mark(rawMessageId, state, error));
    return Future.succeededFuture();
  }

  Future<Void> event(long ticketId, String type, JsonObject detail) {
    events.add(new TicketEventRepository.NewEvent(ticketId, "system", type, detail));
    return Future.succeededFuture();
  }

  /** Writes what was collected; call last in the transaction. */
  Future<Void> flush(SqlClient tx) {
    return Future.all(new RawMessageRepository(tx).markAll(List.copyOf(marks)),
            new TicketEventRepository(tx).appendAll(List.copyOf(events)))
        .mapEmpty();
  }
}
