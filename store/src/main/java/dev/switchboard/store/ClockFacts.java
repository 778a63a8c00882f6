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
 */
public record ClockFacts(
    long ticketId,
    String status,
    String priority,
    Instant createdAt,
    Instant firstResponseAt,
    Instant lastCustomerMessageAt,
    Instant lastCoordinatorReplyAt,
    List<StatusAt> statusHistory) {
  public ClockFacts {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(createdAt, "createdAt");
    statusHistory = List.copyOf(statusHistory);
  }

  /** The ticket entered {@code status} at {@code at}. */
  public record StatusAt(Instant at, String status) {}
}
