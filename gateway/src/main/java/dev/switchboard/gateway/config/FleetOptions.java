package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Several instances on one database: how long a mailbox's or PBX's lease lasts without renewal (the longest a dead
 * instance's work waits for a takeover) and how often each instance heartbeats and renews. Renewal runs at least
 * three times per lease, so one slow round trip never loses a lease.
 */
public record FleetOptions(int leaseSeconds, int heartbeatSeconds) {
  public static final FleetOptions DEFAULTS = new FleetOptions(15, 5);

  public FleetOptions {
    if (leaseSeconds < 3 || leaseSeconds > 600) {
      throw new ConfigException("fleet.leaseSeconds", "must be between 3 and 600");
    }
    if (heartbeatSeconds < 1 || heartbeatSeconds * 3 > leaseSeconds) {
      throw new ConfigException("fleet.heartbeatSeconds", "must be at least 1 and at most a third of leaseSeconds");
    }
  }

  static FleetOptions from(ConfigNode n) {
    int lease = n.integer("leaseSeconds", DEFAULTS.leaseSeconds, 3, 600);
    int heartbeat = n.integer("heartbeatSeconds", Math.min(DEFAULTS.heartbeatSeconds, lease / 3), 1, 200);
    n.finish();
    if (heartbeat * 3 > lease) {
      throw new ConfigException(n.key("heartbeatSeconds"), "must be at most a third of leaseSeconds (" + lease + ")");
    }
    return new FleetOptions(lease, heartbeat);
  }

  public Duration lease() {
    return Duration.ofSeconds(leaseSeconds);
  }

  public Duration heartbeat() {
    return Duration.ofSeconds(heartbeatSeconds);
  }

  JsonObject toJson() {
    return new JsonObject().put("leaseSeconds", leaseSeconds).put("heartbeatSeconds", heartbeatSeconds);
  }
}
