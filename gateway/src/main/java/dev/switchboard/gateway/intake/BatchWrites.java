package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.RawMessageRepository;
import dev.switchboard.store.TicketEventRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writes of one intake transaction that nothing later in it reads: each raw message's new state, the tickets'
 * audit events, the acknowledgments (timeline entry, outbox row, ticket marked acknowledged) and the coordinators'
 * notifications. Collected mail by mail, written with one statement each (a few for the notifications) just before the
 * transaction commits, so they commit with the tickets they belong to (or not at all) at a fraction of the round trips.
 * The one later read of acknowledgments, the loop guard's count of recent ones per recipient, adds
 * {@link #acknowledgmentsTo} to what the database counts.
 */
final class BatchWrites {
  private final List<RawMessageRepository.Mark> marks = new ArrayList<>();
  private final List<TicketEventRepository.NewEvent> events = new ArrayList<>();
  private final List<OutboxRepository.Acknowledgment> acknowledgments = new ArrayList<>();
  private final Map<String, Long> acknowledgmentsTo = new HashMap<>();
  private final Set<Long> clocks = new LinkedHashSet<>();
  private final Map<String, Long> inboundFiled = new HashMap<>();
  private final List<TicketActivity> activities = new ArrayList<>();
  private final boolean policyIsKeep;

  /** @param policyIsKeep the mailbox keeps its mail as it is after import: no policy step follows the marks */
  BatchWrites(boolean policyIsKeep) {
    this.policyIsKeep = policyIsKeep;
  }

  Future<Void> mark(long rawMessageId, RawMessageRepository.State state, String error) {
    marks.add(new RawMessageRepository.Mark(rawMessageId, state, error));
    return Future.succeededFuture();
  }

  Future<Void> event(long ticketId, String type, JsonObject detail) {
    events.add(new TicketEventRepository.NewEvent(ticketId, "system", type, detail));
    return Future.succeededFuture();
  }

  /** @param recipient the requester's normalized address, the key the loop guard counts by */
  Future<Void> acknowledgment(NewTicketMessage timelineEntry, NewOutboxMail row, String recipient) {
    acknowledgments.add(new OutboxRepository.Acknowledgment(timelineEntry, row));
    acknowledgmentsTo.merge(recipient, 1L, Long::sum);
    return Future.succeededFuture();
  }

  /**
   * The coordinators are told of this activity when the transaction's writes are flushed, together with the rest of
   * its activity, as the tickets are then (and so in the same transaction as the change).
   */
  Future<Void> tell(TicketActivity activity) {
    activities.add(activity);
    return Future.succeededFuture();
  }

  /**
   * The ticket's response clock is recomputed once, after the other writes, from what the whole transaction stored
   * (a new ticket and a reply to it in the same batch are one recompute).
   */
  Future<Void> clock(long ticketId) {
    clocks.add(ticketId);
    return Future.succeededFuture();
  }

  /**
   * An inbound mail was stored on a ticket in this transaction. Read back by {@link #inboundTicket}: a duplicate later
   * in the same group is known without asking the database, whose answer was read before the group was filed.
   */
  void filedInbound(String messageId, long ticketId) {
    if (messageId != null) {
      inboundFiled.putIfAbsent(messageId, ticketId);
    }
  }

  /** The ticket an inbound mail with this Message-ID was stored on in this transaction, or null. */
  Long inboundTicket(String messageId) {
    return messageId == null ? null : inboundFiled.get(messageId);
  }

  /** Acknowledgments to {@code recipient} collected in this transaction and not yet written. */
  long acknowledgmentsTo(String recipient) {
    return acknowledgmentsTo.getOrDefault(recipient, 0L);
  }

  /**
   * Writes what was collected; call last in the transaction. The clocks come after the audit events, which they
   * read (status changes); the notifications last, so they show the due times just computed.
   */
  Future<Void> flush(SqlClient tx, ResponseClock responseClock, Notifier notifier) {
    return Future.all(new RawMessageRepository(tx).markAll(List.copyOf(marks), policyIsKeep),
            new TicketEventRepository(tx).appendAll(List.copyOf(events)),
            new OutboxRepository(tx).enqueueAcknowledgments(List.copyOf(acknowledgments)))
        .compose(v -> responseClock.recomputeAll(tx, List.copyOf(clocks)))
        .compose(dues -> notifier.notifyAll(tx, List.copyOf(activities), dues));
  }
}
