package dev.switchboard.gateway.sla;

import java.time.Instant;
import java.util.Objects;

/** A ticket entered {@code status} at {@code at}; a ticket's status history is a list of these, oldest first. */
public record StatusChange(Instant at, String status) {
  public StatusChange {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
  }
}
