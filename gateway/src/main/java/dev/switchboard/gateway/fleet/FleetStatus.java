package dev.switchboard.gateway.fleet;

import dev.switchboard.store.FleetInstance;
import dev.switchboard.store.FleetSnapshot;
import dev.switchboard.store.Lease;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fleet as {@code GET /health} and {@code switchboard status} show it: each instance, whether its heartbeat is
 * fresh, what it owns and for how long. Ages are measured on the database's clock, like the leases themselves.
 */
public final class FleetStatus {
  private FleetStatus() {}

  private static double seconds(OffsetDateTime from, OffsetDateTime to) {
    return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
  }

  public static JsonObject toJson(FleetSnapshot snapshot, Duration ttl) {
    OffsetDateTime now = snapshot.now();
    List<String> live = snapshot.live(ttl).stream().map(FleetInstance::id).toList();
    JsonArray instances = new JsonArray();
    for (FleetInstance i : snapshot.instances()) {
      JsonArray owns = new JsonArray();
      for (Lease l : snapshot.leases()) {
        if (l.heldAt(now) && i.id().equals(l.owner())) {
          owns.add(new JsonObject()
              .put("resource", l.resource())
              .put("fencing", l.fencing())
              .put("heldSeconds", seconds(l.acquiredAt(), now))
              .put("expiresInSeconds", seconds(now, l.expiresAt())));
        }
      }
      instances.add(new JsonObject()
          .put("id", i.id())
          .put("version", i.version())
          .put("live", live.contains(i.id()))
          .put("startedAt", i.startedAt().toInstant().toString())
          .put("heartbeatAgeSeconds", seconds(i.heartbeatAt(), now))
          .put("owns", owns));
    }
    JsonArray unowned = new JsonArray();
    for (Lease l : snapshot.leases()) {
      if (!l.heldAt(now) || snapshot.instances().stream().noneMatch(i -> i.id().equals(l.owner()))) {
        unowned.add(new JsonObject().put("resource", l.resource()).put("lastOwner", l.owner())
            .put("fencing", l.fencing()).put("expiredSeconds", seconds(l.expiresAt(), now)));
      }
    }
    return new JsonObject()
        .put("leaseSeconds", ttl.toSeconds())
        .put("instances", instances)
        .put("unowned", unowned);
  }

  /** Plain text for a terminal: one line per instance, an indented line per lease. */
  public static List<String> toLines(FleetSnapshot snapshot, Duration ttl) {
    JsonObject json = toJson(snapshot, ttl);
    List<String> lines = new ArrayList<>();
    lines.add("lease " + ttl.toSeconds() + " s, database time " + snapshot.now().toInstant());
    for (Object o : json.getJsonArray("instances")) {
      JsonObject i = (JsonObject) o;
      lines.add(String.format(Locale.ROOT, "%s  %s  version=%s  heartbeat %.1f s ago  started %s",
          i.getString("id"), i.getBoolean("live") ? "live" : "SILENT", i.getString("version"),
          i.getDouble("heartbeatAgeSeconds"), i.getString("startedAt")));
      for (Object l : i.getJsonArray("owns")) {
        JsonObject lease = (JsonObject) l;
        lines.add(String.format(Locale.ROOT, "    %-28s fencing=%d  held %.1f s  expires in %.1f s",
            lease.getString("resource"), lease.getLong("fencing"), lease.getDouble("heldSeconds"),
            lease.getDouble("expiresInSeconds")));
      }
    }
    for (Object o : json.getJsonArray("unowned")) {
      JsonObject l = (JsonObject) o;
      lines.add(String.format(Locale.ROOT, "unowned %-28s last owner %s, lease ended %.1f s ago",
          l.getString("resource"), l.getString("lastOwner") == null ? "-" : l.getString("lastOwner"),
          l.getDouble("expiredSeconds")));
    }
    return lines;
  }
}
