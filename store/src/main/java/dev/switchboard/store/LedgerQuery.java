package dev.switchboard.store;

/**
 * A page of the intake ledger, newest first.
 *
 * @param state only messages in this state, or null for all
 * @param mailbox only messages of the mailbox with this configured name, or null for all
 */
public record LedgerQuery(LedgerState state, String mailbox, int limit, int offset) {
  public static final int MAX_LIMIT = 500;

  public LedgerQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }
}
