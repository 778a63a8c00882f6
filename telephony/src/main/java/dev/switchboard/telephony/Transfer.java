package dev.switchboard.telephony;

import java.time.Instant;
import java.util.Objects;

/**
 * One hand-over of the caller from one agent to another.
 *
 * @param from extension of the agent who transferred
 * @param to extension (or number) the caller was sent to
 */
public record Transfer(String from, String to, Kind kind, Instant at) {

  public enum Kind {
    BLIND,
    ATTENDED
  }

  public Transfer {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }
}
