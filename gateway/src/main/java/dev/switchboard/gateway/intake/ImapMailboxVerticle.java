package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.mail.FetchedBatch;
import dev.switchboard.gateway.mail.FetchedMessage;
import dev.switchboard.gateway.mail.ImapSession;
import dev.switchboard.gateway.metrics.Metrics;
import dev.switchboard.gateway.oauth.OAuth2Exception;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.Mailbox;
import dev.switchboard.store.MailboxRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one IMAP mailbox. Each cycle runs in a line: fetch new mail in bulk (worker thread) → commit the raw bytes
 * and the UID high-water mark → turn the bytes in hand into tickets (the database is read back only at start-up and
 * after a failed cycle) → apply the after-import policy (worker) → wait for more mail
 * with IDLE or a poll interval (worker). Failures back off exponentially and are logged once per failure streak; the
 * mailbox's health shows the last error meanwhile.
 */
public final class ImapMailboxVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ImapMailboxVerticle.class);
  private static final int PROCESS_BATCH = 200;
  private static final int POLICY_BATCH = 1000;
  private static final long MAX_BACKOFF_MILLIS = 60_000;
  private static final long CLOSE_TIMEOUT_MILLIS = 3_000;
  private static final long STOP_WORK_TIMEOUT_MILLIS = 10_000;

  private final MailboxOptions options;
  private final Pool pool;
  private final MailIntake intake;
  private final HealthRegistry health;
  private final Metrics metrics;
  private final ImapSession session;
  private final Supplier<Future<Void>> leaseCheck;
  private WorkerExecutor worker;
  private MailboxContext mailbox;
  private Long uidValidity;
  private long lastUid;
  private long backoffMillis;
  /** Set by a failed cycle: the next one processes what is pending in the database, not only what it fetched. */
  private boolean recovering;
  private volatile boolean stopped;
  /** The cycle under way; a stop waits for its database work, so a mailbox handed over is never worked twice. */
  private Future<?> running = Future.succeededFuture();

  public ImapMailboxVerticle(
      MailboxOptions options, Pool pool, MailIntake intake, HealthRegistry health, Metrics metrics) {
    this(options, pool, intake, health, metrics, Future::succeededFuture);
  }

  /**
   * @param leaseCheck fails when this instance no longer holds the mailbox's lease; asked before committing fetched
   *     mail and before moving or flagging mail on the server, so a paused instance that lost the lease changes nothing
   */
  public ImapMailboxVerticle(
      MailboxOptions options, Pool pool, MailIntake intake, HealthRegistry health, Metrics metrics,
      Supplier<Future<Void>> leaseCheck) {
    this.leaseCheck = leaseCheck;
    this.options = options;
    this.pool = pool;
    this.intake = intake;
    this.health = health;
    this.metrics = metrics;
    this.session = new ImapSession(options);
  }

  private String component() {
    return "mailbox:" + options.name();
  }

  @Override
  public Future<?> start() {
    // IDLE holds the worker for up to a poll interval; tell the blocked-thread checker that this is expected
    worker =
        vertx.createSharedWorkerExecutor(
            "imap-" + options.name(), 1, options.imap().pollIntervalSeconds() + 300L, TimeUnit.SECONDS);
    health.down(component(), "connecting");
    Future<?> started = new MailboxRepository(pool)
        .upsert(options.name(), options.address())
        .onSuccess(this::remember)
        // messages committed before a crash but not yet processed are finished first
        .compose(mb -> intake.processPending(mailbox, PROCESS_BATCH))
        .onSuccess(outcomes -> metrics.processed(options.name(), outcomes))
        .onSuccess(v -> cycle());
    running = started;
    return started;
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    // closing from outside the mailbox's worker ends a running IDLE; a server that never answers the IDLE's DONE
    // must not hold up shutdown, so give it a few seconds at most
    Promise<Void> closed = Promise.promise();
    // a plain thread: while Vert.x shuts down, work handed to its worker pools may never start
    Thread closer =
        new Thread(
            () -> {
              session.abortIdle();
              session.close();
              context.runOnContext(v -> closed.tryComplete());
            },
            "imap-close-" + options.name());
    closer.setDaemon(true);
    closer.start();
    vertx.setTimer(CLOSE_TIMEOUT_MILLIS, id -> {
      if (closed.tryComplete()) {
        log.warn("imap close timed out mailbox={} timeoutMs={}", options.name(), CLOSE_TIMEOUT_MILLIS);
      }
    });
    // the worker may still sit in a read the server never answers; do not wait for it
    return closed.future()
        .compose(v -> running.otherwiseEmpty().timeout(STOP_WORK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
        .otherwiseEmpty()
        .onComplete(v -> worker.close());
  }

  private void remember(Mailbox stored) {
    mailbox = MailboxContext.of(stored, options);
    uidValidity = stored.uidValidity();
    lastUid = stored.lastUid();
  }

  private void cycle() {
    if (stopped) {
      return;
    }
    long[] t = new long[4];
    t[0] = System.nanoTime();
    running = worker
        .executeBlocking(this::fetch)
        .compose(
            batch -> {
              t[1] = System.nanoTime();
              metrics.fetched(options.name(), batch.messages().size());
              Future<Void> fenced = batch.messages().isEmpty() ? Future.succeededFuture() : leaseCheck.get();
              return fenced
                  .compose(ok -> intake.commit(mailbox, batch))
                  .onSuccess(v -> advance(batch))
                  .onSuccess(v -> metrics.committed(options.name(), batch.messages().size()))
                  .compose(committed -> {
                    t[2] = System.nanoTime();
                    // after a failed cycle, what it left unprocessed is only in the database, older than (and
                    // including) what was just committed: all of it from there, in order. Otherwise the bytes in hand,
                    // then whatever else is pending (a message sent back by the ledger's reprocess): usually one
                    // query that finds nothing
                    return recovering
                        ? intake.processPending(mailbox, PROCESS_BATCH)
                        : intake.process(mailbox, committed, PROCESS_BATCH)
                            .compose(done -> intake.processPending(mailbox, PROCESS_BATCH).map(more -> {
                              List<IntakeOutcome> all = new ArrayList<>(done);
                              all.addAll(more);
                              return all;
                            }));
                  })
                  // large messages came in temporary files; processed (or stored in chunks, or to be fetched again),
                  // they go
                  .eventually(() -> batch.messages().stream().anyMatch(FetchedMessage::spooled)
                      ? worker.executeBlocking(() -> {
                        batch.discard();
                        return null;
                      })
                      : Future.succeededFuture())
                  .compose(outcomes -> {
                    t[3] = System.nanoTime();
                    recovering = false;
                    metrics.processed(options.name(), outcomes);
                    if (!batch.messages().isEmpty()) {
                      log.debug("mailbox cycle mailbox={} fetched={} processed={} fetchMs={} commitMs={} processMs={}",
                          options.name(), batch.messages().size(), outcomes.size(), (t[1] - t[0]) / 1_000_000,
                          (t[2] - t[1]) / 1_000_000, (t[3] - t[2]) / 1_000_000);
                    }
                    return applyPolicy(batch.uidValidity());
                  })
                  .compose(v -> batch.more() || stopped ? Future.succeededFuture() : waitForMail());
            })
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                if (backoffMillis > 0) {
                  log.info("mailbox recovered mailbox={}", options.name());
                }
                backoffMillis = 0;
                metrics.polled(options.name());
                health.up(component(), "last checked " + java.time.Instant.now());
                cycle();
              } else {
                failed(ar.cause());
              }
            });
  }

  private FetchedBatch fetch() {
    session.open();
    long serverValidity = session.uidValidity();
    if (uidValidity != null && uidValidity != serverValidity) {
      // the server renumbered the folder: start over; Message-ID de-duplication keeps old mail from new tickets
      log.warn("mailbox uidvalidity changed mailbox={} old={} new={}", options.name(), uidValidity, serverValidity);
      lastUid = 0;
    }
    uidValidity = serverValidity;
    return session.fetchAfter(lastUid);
  }

  private void advance(FetchedBatch batch) {
    if (!batch.messages().isEmpty()) {
      lastUid = batch.highestUid();
      log.debug("mailbox fetched mailbox={} count={} lastUid={}", options.name(), batch.messages().size(), lastUid);
    }
  }

  private Future<Void> applyPolicy(long validity) {
    return intake
        .awaitingPolicy(mailbox, validity, POLICY_BATCH)
        .compose(
            uids -> {
              if (uids.isEmpty()) {
                return Future.succeededFuture();
              }
              return leaseCheck.get()
                  .compose(ok -> worker.executeBlocking(() -> session.applyPolicy(uids)))
                  .compose((List<Long> done) -> intake.policyApplied(mailbox, validity, done));
            });
  }

  private Future<Void> waitForMail() {
    return worker.executeBlocking(
        () -> {
          session.awaitNewMail();
          return null;
        });
  }

  private void failed(Throwable error) {
    if (stopped) {
      return;
    }
    recovering = true;
    boolean firstOfStreak = backoffMillis == 0;
    backoffMillis = firstOfStreak ? 1000 : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    // an OAuth2 failure's message is already the advice for the operator
    String detail = error instanceof OAuth2Exception ? error.getMessage() : Failures.describe(error);
    metrics.mailboxFailed(options.name());
    health.down(component(), detail);
    if (firstOfStreak) {
      log.warn("mailbox unavailable mailbox={} retryInMs={} error={}", options.name(), backoffMillis, detail);
    } else {
      log.debug("mailbox still unavailable mailbox={} retryInMs={} error={}", options.name(), backoffMillis, detail);
    }
    worker
        .executeBlocking(() -> {
          session.close();
          return null;
        })
        .onComplete(ar -> vertx.setTimer(backoffMillis, id -> cycle()));
  }
}
