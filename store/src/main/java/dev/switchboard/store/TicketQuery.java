package dev.switchboard.store;

import java.time.Instant;

/**
 * A page of the ticket list.
 *
 * @param status only tickets in this status, or null for all
 * @param awaitingFirstResponse only tickets no human has answered yet (and not resolved or closed)
 * @param oldestFirst order by creation, oldest first (the triage queue) instead of newest first
 * @param needsAttention only tickets flagged (true) or not flagged (false), or null for both
 * @param dueAfter only open tickets whose earlier response due time is after this instant, or null
 * @param dueBefore only open tickets whose earlier response due time is at or before this instant, or null; with
 *     either due bound the list is ordered by due time, soonest (or most overdue) first
 */
public record TicketQuery(
    String status,
    boolean awaitingFirstResponse,
    boolean oldestFirst,
    int limit,
    int offset,
    Boolean needsAttention,
    Instant dueAfter,
    Instant dueBefore) {
  public static final int MAX_LIMIT = 500;

  /** Newest first. */
  public TicketQuery(String status, boolean awaitingFirstResponse, int limit, int offset) {
    this(status, awaitingFirstResponse, false, limit, offset);
  }

  public TicketQuery(String status, boolean awaitingFirstResponse, boolean oldestFirst, int limit, int offset) {
    this(status, awaitingFirstResponse, oldestFirst, limit, offset, null, null, null);
  }

  public TicketQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }

  /** True when the list is filtered by response due time (and so ordered by it). */
  public boolean byDueTime() {
    return dueAfter != null || dueBefore != null;
  }
}
