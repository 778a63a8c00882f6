package dev.switchboard.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the response clock of one ticket is computed from, read in one query.
 *
 * @param statusHistory (instant, status) pairs oldest first, beginning with the creation and the first status
 * @param lastCustomerMessageAt the newest inbound mail from the requester or a participant, or null
 * @param lastCoordinatorReplyAt the newest coordinator reply relayed to the requester, or null
 * @param openedByMachine the ticket's first message was machine mail (an auto-reply, a bounce, list or automated
 *     mail): nobody is waiting for an answer to it
 * @param firstCustomerMessageAt the oldest inbound mail from the requester or a participant, or null
 */
public record ClockFacts(
    long ticketId,
    String status,
    String priority,
    Instant createdAt,
    Instant firstResponseAt,
    Instant lastCustomerMessageAt,
    Instant lastCoordinatorReplyAt,
    List<StatusAt> statusHistory,
    boolean openedByMachine,
    Instant firstCustomerMessageAt) {
  public ClockFacts {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(createdAt, "createdAt");
    statusHistory = List.copyOf(statusHistory);
  }

  /** A ticket opened by a person (or a call). */
  public ClockFacts(
      long ticketId, String status, String priority, Instant createdAt, Instant firstResponseAt,
      Instant lastCustomerMessageAt, Instant lastCoordinatorReplyAt, List<StatusAt> statusHistory) {
    this(ticketId, status, priority, createdAt, firstResponseAt, lastCustomerMessageAt, lastCoordinatorReplyAt,
        statusHistory, false, null);
  }

  /** The ticket entered {@code status} at {@code at}. */
  public record StatusAt(Instant at, String status) {}
}
