package dev.switchboard.store;

/**
 * A page of the call list, newest first.
 *
 * @param disposition only calls with this disposition ({@code missed}, ...), or null for all
 * @param direction only calls in this direction ({@code inbound}, ...), or null for all
 */
public record CallQuery(String disposition, String direction, int limit, int offset) {
  public static final int MAX_LIMIT = 500;

  public CallQuery {
    if (disposition != null && !NewCall.DISPOSITIONS.contains(disposition)) {
      throw new IllegalArgumentException(
          "disposition must be one of " + NewCall.DISPOSITIONS + ", was '" + disposition + "'");
    }
    if (direction != null && !NewCall.DIRECTIONS.contains(direction)) {
      throw new IllegalArgumentException("direction must be one of " + NewCall.DIRECTIONS + ", was '" + direction + "'");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
  }
}
