package dev.switchboard.store;

/**
 * A page of the ticket list.
 *
 * @param status only tickets in this status, or null for all
 * @param awaitingFirstResponse only tickets no human has answered yet (and not resolved or closed)
 * @param oldestFirst order by creation, oldest first (the triage queue) instead of newest first
 */
public record TicketQuery(String status, boolean awaitingFirstResponse, boolean oldestFirst, int limit, int offset) {
  public static final int MAX_LIMIT = 500;

  /** Newest first. */
  public TicketQuery(String status, boolean awaitingFirstResponse, int limit, int offset) {
    this(status, awaitingFirstResponse, false, limit, offset);
  }

  public TicketQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }
}
