package dev.switchboard.store;

import java.time.OffsetDateTime;
import java.util.Objects;

/** A Switchboard instance as its last heartbeat left it in the database. */
public record FleetInstance(String id, String version, OffsetDateTime startedAt, OffsetDateTime heartbeatAt) {
  public FleetInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(heartbeatAt, "heartbeatAt");
  }
}
