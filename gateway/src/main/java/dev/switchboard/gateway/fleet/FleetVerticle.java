package dev.switchboard.gateway.fleet;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.FleetOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.FleetSnapshot;
import dev.switchboard.store.Lease;
import dev.switchboard.store.LeaseRepository;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's share of the fleet's work. Every heartbeat it records that it is alive, renews the leases it holds,
 * reads the fleet from the database and follows {@link LeasePlanner}: it deploys the verticle of each resource (a
 * mailbox, a PBX connection) whose lease it takes and undeploys it before giving the lease up. A lease that cannot be
 * renewed in time stops its work while a third of the lease is still left, so the work has ended before another
 * instance may take the lease. Stopping undeploys everything, then releases the leases for an immediate takeover.
 */
public final class FleetVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(FleetVerticle.class);
  private static final long WATCH_MILLIS = 250;
  private static final Duration FORGET_INSTANCES_AFTER = Duration.ofDays(1);

  /** Creates a resource's verticle; the argument checks that this instance still holds the lease (fencing). */
  public interface WorkFactory extends Function<Supplier<Future<Void>>, Deployable> {}

  /** A lease held by this instance and the work deployed under it. Fields are read by fences on other threads. */
  private static final class Holding {
    volatile Lease lease;
    volatile long validUntilNanos;
    volatile boolean lost;
    Future<String> deployment;

    Holding(Lease lease, long validUntilNanos) {
      this.lease = lease;
      this.validUntilNanos = validUntilNanos;
    }
  }

  private final String id;
  private final String version;
  private final FleetOptions options;
  private final Pool pool;
  private final HealthRegistry health;
  private final Map<String, WorkFactory> resources;
  private final Map<String, Holding> held = new ConcurrentHashMap<>();
  private LeaseRepository leases;
  private long tickTimer = -1;
  private long watchTimer = -1;
  private boolean failing;
  private boolean stopped;

  public FleetVerticle(
      String id, String version, FleetOptions options, Pool pool, HealthRegistry health,
      Map<String, WorkFactory> resources) {
    this.id = Objects.requireNonNull(id, "id");
    this.version = Objects.requireNonNull(version, "version");
    this.options = Objects.requireNonNull(options, "options");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.health = Objects.requireNonNull(health, "health");
    this.resources = new TreeMap<>(resources);
  }

  public String instanceId() {
    return id;
  }

  /** The resources this instance works right now. */
  public List<String> owned() {
    return new ArrayList<>(new TreeMap<>(held).keySet());
  }

  private Duration ttl() {
    return options.lease();
  }

  /** The work must stop two thirds into a lease not renewed since: a third is left for stopping it. */
  private long validUntil(long sentNanos) {
    return sentNanos + ttl().toNanos() * 2 / 3;
  }

  @Override
  public Future<?> start() {
    leases = new LeaseRepository(pool);
    health.fleetView(() -> leases.snapshot().map(s -> FleetStatus.toJson(s, ttl())));
    watchTimer = vertx.setPeriodic(WATCH_MILLIS, t -> stopOverdue());
    // the first round is awaited, deployments included: a lone instance starts with all its work running, as before
    return leases.forgetSilentFor(FORGET_INSTANCES_AFTER)
        .compose(n -> round())
        .compose(v -> Future.join(held.values().stream().map(h -> h.deployment).toList()).otherwiseEmpty())
        .onSuccess(v -> {
          log.info("fleet joined instance={} owned={}", id, owned());
          scheduleNext();
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(tickTimer);
    vertx.cancelTimer(watchTimer);
    List<Future<?>> done = new ArrayList<>();
    for (String r : new ArrayList<>(held.keySet())) {
      done.add(giveUp(r, true));
    }
    return Future.join(done).otherwiseEmpty()
        .compose(v -> leases.leave(id))
        .onSuccess(v -> log.info("fleet left instance={}", id))
        .otherwise(e -> {
          log.warn("fleet leave failed instance={} error={}", id, Failures.describe(e));
          return null;
        });
  }

  private void scheduleNext() {
    if (!stopped) {
      tickTimer = vertx.setTimer(options.heartbeat().toMillis(), t -> round().onComplete(ar -> scheduleNext()));
    }
  }

  /** One heartbeat: alive, renew, look, act. A failure is logged once per streak and retried next heartbeat. */
  private Future<Void> round() {
    return leases.heartbeat(id, version)
        .compose(v -> renewAll())
        .compose(v -> leases.snapshot())
        .compose(this::act)
        .onSuccess(v -> {
          if (failing) {
            log.info("fleet coordination recovered instance={}", id);
          }
          failing = false;
          health.up("fleet", "instance " + id + " works " + held.size() + " of " + resources.size());
        })
        .recover(e -> {
          String detail = Failures.describe(e);
          if (!failing) {
            log.warn("fleet coordination failed instance={} error={}", id, detail);
          }
          failing = true;
          health.down("fleet", "coordination failed: " + detail);
          return Future.succeededFuture();
        });
  }

  private Future<Void> renewAll() {
    Future<Void> chain = Future.succeededFuture();
    for (Map.Entry<String, Holding> e : new TreeMap<>(held).entrySet()) {
      chain = chain.compose(v -> renew(e.getKey(), e.getValue()));
    }
    return chain;
  }

  private Future<Void> renew(String resource, Holding h) {
    long sent = System.nanoTime();
    return leases.renew(h.lease, ttl()).compose(renewed -> {
      if (renewed != null) {
        h.lease = renewed;
        h.validUntilNanos = validUntil(sent);
        return Future.succeededFuture();
      }
      log.warn("lease lost resource={} instance={} fencing={}", resource, id, h.lease.fencing());
      // not awaited: stopping the work may take seconds, and the other leases' renewals must not wait for it
      giveUp(resource, false);
      return Future.succeededFuture();
    });
  }

  private Future<Void> act(FleetSnapshot snapshot) {
    Map<String, String> holders = new HashMap<>();
    Map<String, Lease> byResource = new HashMap<>();
    for (Lease l : snapshot.leases()) {
      byResource.put(l.resource(), l);
      if (l.heldAt(snapshot.now())) {
        holders.put(l.resource(), l.owner());
      }
    }
    held.keySet().forEach(r -> holders.put(r, id));
    List<String> live = snapshot.live(ttl()).stream().map(i -> i.id()).toList();
    LeasePlanner.Plan plan = LeasePlanner.plan(id, resources.keySet(), live, holders);
    Future<Void> chain = Future.succeededFuture();
    for (String r : plan.release()) {
      chain = chain.compose(v -> {
        if (held.containsKey(r)) {
          log.info("lease handed over resource={} instance={} live={}", r, id, live.size());
          // not awaited, as above: the lease is released once the work has stopped
          giveUp(r, true);
          return Future.succeededFuture();
        }
        // ours in the database only (work never started): let it go
        Lease stray = byResource.get(r);
        return stray == null ? Future.succeededFuture() : leases.release(stray).mapEmpty();
      });
    }
    for (String r : plan.acquire()) {
      chain = chain.compose(v -> take(r));
    }
    return chain;
  }

  private Future<Void> take(String resource) {
    if (stopped || held.containsKey(resource)) {
      return Future.succeededFuture();
    }
    long sent = System.nanoTime();
    return leases.acquire(resource, id, ttl()).compose(lease -> {
      if (lease == null || stopped) {
        return lease == null ? Future.succeededFuture() : leases.release(lease).mapEmpty();
      }
      Holding h = new Holding(lease, validUntil(sent));
      held.put(resource, h);
      log.info("lease acquired resource={} instance={} fencing={}", resource, id, lease.fencing());
      // not awaited: a mailbox's start may first work through a backlog, and renewals must not wait for that
      h.deployment = vertx.deployVerticle(resources.get(resource).apply(() -> check(resource, h)))
          .onFailure(e -> {
            log.warn("work did not start resource={} instance={} error={}", resource, id, Failures.describe(e));
            if (held.get(resource) == h) {
              giveUp(resource, true);
            }
          });
      return Future.succeededFuture();
    });
  }

  /** The fence handed to the work: cheap when the lease is plainly gone, otherwise one query on the fencing number. */
  private Future<Void> check(String resource, Holding h) {
    if (h.lost || held.get(resource) != h || System.nanoTime() > h.validUntilNanos) {
      return Future.failedFuture(SwitchboardException.transientFault("lease lost: " + resource, null));
    }
    Lease lease = h.lease;
    return leases.holds(lease).compose(holds -> holds
        ? Future.succeededFuture()
        : Future.failedFuture(SwitchboardException.transientFault("lease lost: " + resource, null)));
  }

  /** Stops work whose lease could not be renewed in time, before the lease can run out. */
  private void stopOverdue() {
    long now = System.nanoTime();
    held.forEach((r, h) -> {
      if (!h.lost && now > h.validUntilNanos) {
        log.warn("lease not renewed in time, work stopped resource={} instance={}", r, id);
        giveUp(r, false);
      }
    });
  }

  /** Undeploys the resource's work; then, when {@code release}, frees the lease for another instance at once. */
  private Future<Void> giveUp(String resource, boolean release) {
    Holding h = held.remove(resource);
    if (h == null) {
      return Future.succeededFuture();
    }
    h.lost = true;
    Future<String> deployment = h.deployment == null ? Future.failedFuture("not deployed") : h.deployment;
    return deployment
        .compose(depId -> vertx.undeploy(depId))
        // undeployed already (with Vert.x shutting down) or never started: nothing to stop
        .otherwiseEmpty()
        .compose(v -> {
          health.forget(resource);
          return release ? leases.release(h.lease).otherwise(false).mapEmpty() : Future.<Void>succeededFuture();
        });
  }
}
