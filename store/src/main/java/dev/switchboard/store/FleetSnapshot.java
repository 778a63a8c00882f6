package dev.switchboard.store;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/** Every instance and lease, with the database's time they were read at: ages are computed against that clock. */
public record FleetSnapshot(OffsetDateTime now, List<FleetInstance> instances, List<Lease> leases) {
  public FleetSnapshot {
    Objects.requireNonNull(now, "now");
    instances = List.copyOf(instances);
    leases = List.copyOf(leases);
  }

  /** Instances whose heartbeat is younger than {@code ttl}. */
  public List<FleetInstance> live(Duration ttl) {
    return instances.stream().filter(i -> i.heartbeatAt().plus(ttl).isAfter(now)).toList();
  }
}
