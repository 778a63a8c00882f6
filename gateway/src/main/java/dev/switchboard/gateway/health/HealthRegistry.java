package dev.switchboard.gateway.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What each connection (mailbox, SMTP relay, PBX) last reported about itself. Written from any verticle, read by
 * {@code GET /health}; a component that is down says since when and why.
 */
public final class HealthRegistry {
  /** One component's state. */
  public record Status(boolean up, String detail, Instant since) {}

  private final Map<String, Status> components = new ConcurrentHashMap<>();
  private volatile Supplier<Future<JsonObject>> fleetView = () -> Future.succeededFuture(null);

  /** Where the detailed health reads the fleet (instances, leases) from: the database, on each request. */
  public void fleetView(Supplier<Future<JsonObject>> view) {
    this.fleetView = view;
  }

  /** The fleet as the database shows it now, or null when this instance is not part of one. */
  public Future<JsonObject> fleet() {
    return fleetView.get();
  }

  public void up(String component, String detail) {
    components.compute(
        component, (k, old) -> old != null && old.up() ? new Status(true, detail, old.since()) : new Status(true, detail, Instant.now()));
  }

  /** Returns true when this is news (the component was up or unknown), so callers log a failure streak once. */
  public boolean down(String component, String detail) {
    boolean[] news = {false};
    components.compute(
        component,
        (k, old) -> {
          if (old == null || old.up()) {
            news[0] = true;
            return new Status(false, detail, Instant.now());
          }
          return new Status(false, detail, old.since());
        });
    return news[0];
  }

  /** Every component's state now, e.g. for a metrics scrape. */
  public Map<String, Status> snapshot() {
    return Map.copyOf(components);
  }

  /** Drops a component this instance no longer works (a mailbox or PBX handed to another instance of the fleet). */
  public void forget(String component) {
    components.remove(component);
  }

  public boolean allUp() {
    return components.values().stream().allMatch(Status::up);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    new TreeMap<>(components)
        .forEach(
            (name, s) ->
                json.put(
                    name,
                    new JsonObject()
                        .put("status", s.up() ? "up" : "down")
                        .put("detail", s.detail())
                        .put("since", s.since().toString())));
    return json;
  }
}
