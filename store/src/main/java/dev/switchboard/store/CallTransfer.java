package dev.switchboard.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One hand-over of a caller between agents, as stored in {@code call.transfers}.
 *
 * @param kind {@code blind} or {@code attended}
 */
public record CallTransfer(String from, String to, String kind, Instant at) {
  public CallTransfer {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
