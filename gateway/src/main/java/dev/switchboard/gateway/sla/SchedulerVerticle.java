package dev.switchboard.gateway.sla;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due scheduled events. Each poll claims a batch with {@code FOR UPDATE SKIP LOCKED} in one transaction and hands
 * each event to the handler on that transaction, inside a savepoint: the handler's work and "done" commit together, a
 * failed event is rolled back alone and tried again later with a backoff. A crash before the commit leaves the batch
 * due; a second instance skips the rows this one holds. Time comes from the injected clock.
 */
public final class SchedulerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SchedulerVerticle.class);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);
  public static final int DEFAULT_BATCH_SIZE = 100;
  static final int MAX_ATTEMPTS = 10;
  private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  private static final Duration LONGEST_RETRY = Duration.ofHours(1);

  private final Pool pool;
  private final ScheduledEventHandler handler;
  private final Clock clock;
  private final Duration pollInterval;
  private final int batchSize;
  private long timer = -1;
  private boolean running;
  private boolean stopped;

  public SchedulerVerticle(Pool pool, ScheduledEventHandler handler, Clock clock, Duration pollInterval, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
    }
    this.pool = pool;
    this.handler = handler;
    this.clock = clock;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(pollInterval.toMillis(), id -> poll());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void poll() {
    if (running || stopped) {
      return;
    }
    running = true;
    drain(clock.instant()).onComplete(ar -> {
      running = false;
      if (ar.failed()) {
        log.warn("scheduler run failed error={}", Failures.describe(ar.cause()));
      }
    });
  }

  /** Runs batches until a batch is not full. */
  private Future<Void> drain(Instant now) {
    return runOnce(now).compose(n -> n == batchSize && !stopped ? drain(now) : Future.succeededFuture());
  }

  /**
   * One batch: claims up to the batch size of events due at {@code now}, runs each and commits. Tests call this with
   * the instant they moved time to.
   *
   * @return how many events were claimed (done or put back for a retry)
   */
  public Future<Integer> runOnce(Instant now) {
    return pool.withTransaction(conn -> new ScheduleRepository(conn).claimDue(now, batchSize)
        .compose(events -> runFrom(conn, events, 0, now).map(events.size())));
  }

  private Future<Void> runFrom(SqlConnection conn, List<ScheduledEvent> events, int index, Instant now) {
    if (index == events.size()) {
      return Future.succeededFuture();
    }
    ScheduledEvent event = events.get(index);
    ScheduleRepository schedule = new ScheduleRepository(conn);
    return conn.query("savepoint scheduled_event").execute()
        .compose(s -> invoke(conn, event, now))
        .compose(
            v -> schedule.markDone(event.id(), now)
                .compose(d -> conn.query("release savepoint scheduled_event").execute().mapEmpty()),
            err -> conn.query("rollback to savepoint scheduled_event").execute()
                .compose(r -> failed(schedule, event, now, err)))
        .compose(v -> runFrom(conn, events, index + 1, now));
  }

  private Future<Void> invoke(SqlConnection conn, ScheduledEvent event, Instant now) {
    try {
      Future<Void> f = handler.handle(conn, event, now);
      return f == null ? Future.succeededFuture() : f;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static Future<Void> failed(ScheduleRepository schedule, ScheduledEvent event, Instant now, Throwable err) {
    String error = Failures.describe(err);
    boolean permanent = err instanceof SwitchboardException s && !s.isTransient();
    int attempts = event.attempts() + 1;
    if (permanent || attempts >= MAX_ATTEMPTS) {
      log.warn("scheduled event given up id={} ticket={} kind={} attempts={} error={}", event.id(), event.ticketId(),
          event.kind().wireName(), attempts, error);
      return schedule.giveUp(event.id(), now, error);
    }
    log.info("scheduled event failed, retrying id={} ticket={} kind={} attempts={} error={}", event.id(),
        event.ticketId(), event.kind().wireName(), attempts, error);
    return schedule.retryLater(event.id(), now.plus(backoff(attempts)), error);
  }

  /** 1, 2, 4, ... minutes, at most an hour. */
  static Duration backoff(int attempts) {
    Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
    return d.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : d;
  }
}
