package dev.switchboard.gateway.mail;

import dev.switchboard.gateway.Addresses;
import dev.switchboard.gateway.config.OutboxOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.OutboxMail;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Wakes on {@link Addresses#OUTBOX_ENQUEUED} and on a timer, leases due rows, sends them over
 * SMTP on a worker thread, and records each outcome: sent rows are never picked again, transient failures come back
 * after an exponential backoff with jitter, and permanent failures (or too many attempts) flag the ticket for a person.
 */
public final class OutboxSenderVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(OutboxSenderVerticle.class);
  public static final String HEALTH_COMPONENT = "smtp";
  // long enough for a batch on a slow relay; short enough that mail leased by a crashed process goes out soon
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final Pool pool;
  private final SmtpMailSender sender;
  private final OutboxOptions options;
  private final HealthRegistry health;
  private WorkerExecutor worker;
  private boolean running;
  private boolean stopped;
  private boolean again;
  private long timer;

  public OutboxSenderVerticle(Pool pool, SmtpMailSender sender, OutboxOptions options, HealthRegistry health) {
    this.pool = pool;
    this.sender = sender;
    this.options = options;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    worker = vertx.createSharedWorkerExecutor("smtp-sender", 1, 10, TimeUnit.MINUTES);
    timer = vertx.setPeriodic(options.pollIntervalMillis(), id -> trigger());
    return vertx.eventBus().consumer(Addresses.OUTBOX_ENQUEUED, msg -> trigger()).completion().onSuccess(v -> trigger());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return worker.close();
  }

  private void trigger() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    drain()
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed() && !stopped) {
                log.warn("outbox run failed error={}", Failures.describe(ar.cause()));
              } else if (again) {
                trigger();
              }
            });
  }

  /** Sends batches until nothing is due. */
  private Future<Void> drain() {
    OutboxRepository outbox = new OutboxRepository(pool);
    return outbox
        .leaseDue(options.batchSize(), LEASE)
        .compose(
            due -> {
              if (due.isEmpty()) {
                return Future.succeededFuture();
              }
              return worker
                  .executeBlocking(() -> sender.sendAll(due))
                  .compose(results -> record(due, results))
                  .compose(allSent -> allSent && due.size() == options.batchSize() ? drain() : Future.succeededFuture());
            });
  }

  /** Stores every result; true when all were sent (so it is worth fetching the next batch right away). */
  private Future<Boolean> record(List<OutboxMail> due, List<SendResult> results) {
    Map<Long, OutboxMail> byId = new HashMap<>();
    due.forEach(m -> byId.put(m.id(), m));
    OutboxRepository outbox = new OutboxRepository(pool);
    Future<Void> chain = Future.succeededFuture();
    boolean allSent = true;
    for (SendResult r : results) {
      OutboxMail mail = byId.get(r.outboxId());
      switch (r.outcome()) {
        case SENT -> chain = chain.compose(v -> outbox.markSent(r.outboxId()));
        case RETRY -> {
          allSent = false;
          if (mail.attempts() + 1 >= options.maxAttempts()) {
            chain = chain.compose(v -> giveUp(mail, "gave up after " + (mail.attempts() + 1) + " attempts: " + r.error()));
          } else {
            OffsetDateTime next = OffsetDateTime.now().plus(backoff(mail.attempts()));
            log.info("mail deferred outboxId={} attempt={} next={} error={}", mail.id(), mail.attempts() + 1, next, r.error());
            chain = chain.compose(v -> outbox.retryLater(mail.id(), next, r.error()));
          }
        }
        case FAILED -> {
          allSent = false;
          chain = chain.compose(v -> giveUp(mail, r.error()));
        }
      }
    }
    if (allSent) {
      health.up(HEALTH_COMPONENT, "last delivery succeeded");
    } else if (results.stream().anyMatch(r -> r.outcome() == SendResult.Outcome.RETRY)) {
      String error = results.stream().filter(r -> r.outcome() == SendResult.Outcome.RETRY).findFirst().orElseThrow().error();
      if (health.down(HEALTH_COMPONENT, error)) {
        log.warn("smtp delivery failing error={}", error);
      }
    }
    boolean sentAll = allSent;
    return chain.map(sentAll);
  }

  private Future<Void> giveUp(OutboxMail mail, String error) {
    log.warn("mail undeliverable outboxId={} kind={} ticketId={} error={}", mail.id(), mail.kind(), mail.ticketId(), error);
    return pool.withTransaction(
        tx -> {
          Future<Void> f = new OutboxRepository(tx).markFailed(mail.id(), error);
          if (mail.ticketId() == null) {
            return f;
          }
          String reason = "the " + mail.kind() + " to " + String.join(", ", mail.to()) + " could not be delivered";
          return f.compose(v -> new TicketRepository(tx).flag(mail.ticketId(), reason))
              .compose(
                  v ->
                      new TicketMessageRepository(tx)
                          .insert(NewTicketMessage.systemNote(mail.ticketId(), "Delivery failed: " + reason + " (" + error + ")."))
                          .mapEmpty());
        });
  }

  /** Exponential backoff from the configured start, capped, with ±20 % jitter so retries do not move in lockstep. */
  Duration backoff(int attemptsSoFar) {
    double base = options.initialBackoffSeconds() * Math.pow(2, Math.min(attemptsSoFar, 30));
    double capped = Math.min(base, options.maxBackoffSeconds());
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis((long) (capped * jitter * 1000));
  }
}
