package dev.switchboard.gateway.mail;

import dev.switchboard.gateway.Addresses;
import dev.switchboard.gateway.config.OutboxOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.metrics.Metrics;
import dev.switchboard.gateway.notify.CoordinatorNotifier;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.OutboxAttachment;
import dev.switchboard.store.OutboxAttachmentRepository;
import dev.switchboard.store.OutboxMail;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Wakes on {@link Addresses#OUTBOX_ENQUEUED} and on a timer, leases due rows, sends them over
 * SMTP on worker threads, and records each outcome as soon as the relay answered: sent rows are never picked again,
 * transient failures come back after an exponential backoff with jitter, and permanent failures (or too many attempts)
 * flag the ticket for a person. A leased batch is shared among {@link OutboxOptions#connections} SMTP connections by
 * ticket ({@link OutboxLanes}); each connection sends its share one mail after another.
 */
public final class OutboxSenderVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(OutboxSenderVerticle.class);
  public static final String HEALTH_COMPONENT = "smtp";
  // long enough for a batch on a slow relay; short enough that mail leased by a crashed process goes out soon
  private static final Duration LEASE = Duration.ofMinutes(2);
  // one attachment chunk (1 MB) from the database; far longer means the database is in trouble, and the mail waits
  private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(30);

  private final Pool pool;
  private final MailRelay relay;
  private final OutboxOptions options;
  private final HealthRegistry health;
  private final Metrics metrics;
  private WorkerExecutor worker;
  private boolean running;
  private boolean stopped;
  private boolean again;
  /** The run under way, which a stop lets finish: the mail in flight is recorded, the rest given back. */
  private Future<Void> current = Future.succeededFuture();
  private long timer;
  private Notifier notifier = Notifier.NONE;
  private Clock clock = Clock.systemUTC();

  public OutboxSenderVerticle(Pool pool, MailRelay relay, OutboxOptions options, HealthRegistry health) {
    this(pool, relay, options, health, Metrics.none());
  }

  public OutboxSenderVerticle(
      Pool pool, MailRelay relay, OutboxOptions options, HealthRegistry health, Metrics metrics) {
    this.pool = pool;
    this.relay = relay;
    this.options = options;
    this.health = health;
    this.metrics = metrics;
  }

  /** Takes the time of retries from {@code clock}. Call once, before deploying. */
  public OutboxSenderVerticle timeFrom(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** Tells coordinators when mail about a ticket could not be delivered. Call once, before deploying. */
  public OutboxSenderVerticle notifyWith(Notifier notifier) {
    this.notifier = notifier;
    return this;
  }

  @Override
  public Future<?> start() {
    worker = vertx.createSharedWorkerExecutor("smtp-sender", options.connections(), 10, TimeUnit.MINUTES);
    timer = vertx.setPeriodic(options.pollIntervalMillis(), id -> trigger());
    return vertx.eventBus().consumer(Addresses.OUTBOX_ENQUEUED, msg -> trigger()).completion().onSuccess(v -> trigger());
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return current.eventually(() -> worker.close());
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
    Future<Void> run = drain();
    current = run.otherwiseEmpty();
    run
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

  /** Sends batches until nothing is due, or a mail could not be sent (it waits for its retry). */
  private Future<Void> drain() {
    int leased = options.batchSize() * options.connections();
    return new OutboxRepository(pool)
        .leaseDue(leased, LEASE)
        .compose(
            due -> {
              if (due.isEmpty()) {
                return Future.succeededFuture();
              }
              List<Future<Boolean>> lanes = OutboxLanes.split(due, options.connections()).stream()
                  .map(this::sendBatch)
                  .toList();
              // every connection finishes (and records) its share before the run goes on or fails; a short batch
              // of mail to people does not end the run, since notifications wait for a lease that finds none due
              return Future.join(lanes)
                  .map(v -> lanes.stream().allMatch(Future::result))
                  .compose(allSent -> allSent ? drain() : Future.succeededFuture());
            });
  }

  /**
   * Sends one connection's share of a leased batch, one mail per worker task, and records each result before the next
   * mail goes out: a crash re-sends at most the mail in flight on each connection. True when every mail was sent.
   */
  private Future<Boolean> sendBatch(List<OutboxMail> due) {
    return new OutboxAttachmentRepository(pool)
        .forOutbox(due.stream().map(OutboxMail::id).toList())
        .compose(attachments -> sendBatch(due, attachments));
  }

  private Future<Boolean> sendBatch(List<OutboxMail> due, Map<Long, List<OutboxAttachment>> attachments) {
    return worker
        .executeBlocking(relay::connect, false)
        .compose(
            connection ->
                sendFrom(connection, due, attachments, 0, true)
                    .eventually(() -> worker.executeBlocking(() -> {
                      connection.close();
                      return null;
                    }, false)),
            err -> recordRemaining(due, 0, err.getMessage()).map(false));
  }

  private Future<Boolean> sendFrom(
      MailRelay.Connection connection, List<OutboxMail> due, Map<Long, List<OutboxAttachment>> attachments, int index,
      boolean allSent) {
    if (index == due.size()) {
      return Future.succeededFuture(allSent);
    }
    if (stopped) {
      // stopping (SIGTERM, a lost lease): the rest goes back to the outbox, for this or another instance
      return new OutboxRepository(pool).release(due.subList(index, due.size()).stream().map(OutboxMail::id).toList())
          .map(false);
    }
    OutboxMail mail = due.get(index);
    List<OutgoingAttachment> files = attachments.getOrDefault(mail.id(), List.of()).stream().map(this::outgoing)
        .toList();
    return worker
        .executeBlocking(() -> connection.send(mail, files), false)
        .compose(
            result ->
                record(mail, result)
                    .compose(
                        v -> {
                          boolean sent = result.outcome() == SendResult.Outcome.SENT;
                          if (result.outcome() == SendResult.Outcome.RETRY && !connection.isConnected()) {
                            return recordRemaining(due, index + 1, "not attempted: the SMTP connection was lost")
                                .map(false);
                          }
                          return sendFrom(connection, due, attachments, index + 1, allSent && sent);
                        }));
  }

  /** A stored file as a MIME part whose bytes are streamed from the database while the mail is written. */
  private OutgoingAttachment outgoing(OutboxAttachment a) {
    Context here = context;
    return new OutgoingAttachment(a.filename(), a.contentType(), a.size(),
        () -> new StoredAttachmentStream(pool, here, a.sha256(), a.size(), CHUNK_TIMEOUT));
  }

  /** Mail of the batch that was never attempted comes back like a transient failure. */
  private Future<Void> recordRemaining(List<OutboxMail> due, int from, String error) {
    Future<Void> chain = Future.succeededFuture();
    for (OutboxMail mail : due.subList(from, due.size())) {
      chain = chain.compose(v -> record(mail, new SendResult(mail.id(), SendResult.Outcome.RETRY, error)));
    }
    return chain;
  }

  /** Stores one result in its own short statement and updates the relay's health. */
  private Future<Void> record(OutboxMail mail, SendResult r) {
    OutboxRepository outbox = new OutboxRepository(pool);
    metrics.sendResult(mail, r.outcome());
    return switch (r.outcome()) {
      case SENT -> {
        health.up(HEALTH_COMPONENT, "last delivery succeeded");
        yield outbox.markSent(mail.id());
      }
      case RETRY -> {
        if (health.down(HEALTH_COMPONENT, r.error())) {
          log.warn("smtp delivery failing error={}", r.error());
        }
        if (mail.attempts() + 1 >= options.maxAttempts()) {
          yield giveUp(mail, "gave up after " + (mail.attempts() + 1) + " attempts: " + r.error());
        }
        OffsetDateTime next = OffsetDateTime.now(clock).plus(backoff(mail.attempts()));
        metrics.retried();
        log.info("mail deferred outboxId={} attempt={} next={} error={}", mail.id(), mail.attempts() + 1, next, r.error());
        yield outbox.retryLater(mail.id(), next, r.error());
      }
      case FAILED -> giveUp(mail, r.error());
    };
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
                          .mapEmpty())
              // a notification that failed is not told about by notification: that would be a loop
              .compose(v -> CoordinatorNotifier.KIND.equals(mail.kind()) ? Future.<Void>succeededFuture()
                  : notifier.notify(tx, new TicketActivity(NotificationEvent.FLAGGED, mail.ticketId(),
                      "outbox:" + mail.id(), null, "Switchboard", "email", "Delivery failed: " + reason + ".",
                      List.of())));
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
