package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.Addresses;
import dev.switchboard.gateway.config.AfterImport;
import dev.switchboard.gateway.mail.FetchedBatch;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.store.RawMessageRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail intake pipeline: fetched bytes committed ({@link RawCommit}), parsed from the bytes in hand
 * ({@link MailPreparation}), filed one transaction per group of related mails ({@link MailFiling}, with the group's
 * facts read up front by {@link GroupLookups} and its set-based writes collected in {@link BatchWrites}), then the
 * mailbox's after-import policy. The order of work is what keeps the invariants:
 *
 * <ol>
 *   <li>{@link #commit}: the raw bytes and the mailbox's new UID high-water mark, in one transaction;
 *   <li>{@link #processPending}: parse off the event loop, then in one transaction per batch create or update the
 *       tickets, enqueue acknowledgments and mark the raw messages processed; a batch that fails is retried one
 *       message per transaction, so one bad message cannot hold up the others;
 *   <li>only then is the IMAP after-import policy applied ({@link #awaitingPolicy}, {@link #policyApplied}).
 * </ol>
 *
 * A crash between any two steps leaves work that the next run picks up from the database, and unique keys on
 * (mailbox, UIDVALIDITY, UID), on the inbound Message-ID per mailbox and on one acknowledgment per ticket make doing
 * it again harmless.
 */
public final class MailIntake {
  private static final Logger log = LoggerFactory.getLogger(MailIntake.class);

  private final Vertx vertx;
  private final Pool pool;
  private final RawCommit rawCommit;
  private final MailPreparation preparation;
  private final MailFiling filing;
  private final BatchPartitioner partitioner;
  private final int concurrency;
  private ResponseClock responseClock = ResponseClock.OFF;
  private Notifier notifier = Notifier.NONE;

  /**
   * @param concurrency how many transactions one batch may use at once; keep it below the pool size so the other
   *     verticles still get connections
   */
  public MailIntake(
      Vertx vertx, Pool pool, EmailParser parser, SubjectTag subjectTag, LoopGuard loopGuard,
      ResponseTemplates templates, String spamStatus, int concurrency) {
    this.vertx = vertx;
    this.pool = pool;
    this.rawCommit = new RawCommit(vertx, pool);
    this.preparation = new MailPreparation(vertx, pool, parser);
    this.filing = new MailFiling(parser, subjectTag, loopGuard, templates, spamStatus);
    this.partitioner = new BatchPartitioner(subjectTag);
    this.concurrency = Math.max(1, concurrency);
  }

  /**
   * Commits fetched raw bytes and advances the mailbox's UID high-water mark, atomically; returns the messages it
   * stored, in id order, for {@link #process}. Messages stored before (a re-fetch) are not returned.
   */
  public Future<List<CommittedMail>> commit(MailboxContext mailbox, FetchedBatch batch) {
    return rawCommit.commit(mailbox, batch);
  }

  /**
   * Processes messages {@link #commit} just returned, from the bytes in hand, in batches of {@code batchSize}. The
   * database is not read: what a failure leaves unprocessed stays pending for {@link #processPending}.
   */
  public Future<List<IntakeOutcome>> process(MailboxContext mailbox, List<CommittedMail> committed, int batchSize) {
    List<IntakeOutcome> all = new ArrayList<>();
    if (committed.isEmpty()) {
      return Future.succeededFuture(all);
    }
    return slice(committed, 0, batchSize)
        .compose(first -> storeLoop(mailbox, first,
            current -> current.end() >= committed.size()
                ? Future.succeededFuture(LoadedBatch.EMPTY)
                : slice(committed, current.end(), batchSize),
            all))
        .map(all);
  }

  private Future<LoadedBatch> slice(List<CommittedMail> committed, int from, int batchSize) {
    int end = Math.min(committed.size(), from + batchSize);
    return preparation.prepareInParallel(committed.subList(from, end)).map(prepared -> new LoadedBatch(prepared, end));
  }

  /**
   * Processes every committed but unprocessed message of the mailbox, in batches of {@code batchSize}, reading them
   * back from the database: the work a crash, a failed cycle or another instance left behind.
   */
  public Future<List<IntakeOutcome>> processPending(MailboxContext mailbox, int batchSize) {
    List<IntakeOutcome> all = new ArrayList<>();
    return load(mailbox, 0, batchSize)
        .compose(first -> storeLoop(mailbox, first,
            current -> current.prepared().size() < batchSize
                ? Future.succeededFuture(LoadedBatch.EMPTY)
                : load(mailbox, current.lastId(), batchSize),
            all))
        .map(all);
  }

  /** A batch parsed, ready to be stored; {@code end} is where it ended in the list it was cut from. */
  private record LoadedBatch(List<PreparedMail> prepared, int end) {
    static final LoadedBatch EMPTY = new LoadedBatch(List.of(), 0);

    long lastId() {
      return prepared.get(prepared.size() - 1).raw().id();
    }
  }

  private Future<LoadedBatch> load(MailboxContext mailbox, long afterId, int batchSize) {
    return new RawMessageRepository(pool)
        .pending(mailbox.id(), afterId, batchSize)
        .compose(
            raws -> raws.isEmpty()
                ? Future.succeededFuture(LoadedBatch.EMPTY)
                : preparation.prepareInParallel(raws.stream().map(r -> new CommittedMail(r, null)).toList())
                    .map(prepared -> new LoadedBatch(prepared, raws.size())));
  }

  /**
   * Stores one batch while the next is parsed: the parse is CPU work and the store mostly waits on the database, so
   * overlapping them keeps both cores busy. Batches are still stored strictly one after the other, so a reply is never
   * stored before the mail it answers.
   */
  private Future<Void> storeLoop(MailboxContext mailbox, LoadedBatch current,
      Function<LoadedBatch, Future<LoadedBatch>> nextOf, List<IntakeOutcome> all) {
    if (current.prepared().isEmpty()) {
      return Future.succeededFuture();
    }
    Future<LoadedBatch> next = nextOf.apply(current);
    return storeBatch(mailbox, current.prepared())
        .onFailure(e -> next.onSuccess(n -> MailPreparation.closeAll(n.prepared())))
        .compose(
            outcomes -> {
              all.addAll(outcomes);
              // acknowledgments and coordinators' notifications: wake the sender rather than wait for its timer
              if (!outcomes.isEmpty()) {
                vertx.eventBus().publish(Addresses.OUTBOX_ENQUEUED, mailbox.id());
              }
              return next.compose(n -> storeLoop(mailbox, n, nextOf, all));
            });
  }

  public Future<List<Long>> awaitingPolicy(MailboxContext mailbox, long uidValidity, int limit) {
    return new RawMessageRepository(pool).awaitingPolicy(mailbox.id(), uidValidity, limit);
  }

  public Future<Void> policyApplied(MailboxContext mailbox, long uidValidity, List<Long> uids) {
    return new RawMessageRepository(pool).policyApplied(mailbox.id(), uidValidity, uids);
  }

  /** Stores a parsed batch, its independent groups in concurrent transactions, and closes the parsed mails. */
  private Future<List<IntakeOutcome>> storeBatch(MailboxContext mailbox, List<PreparedMail> prepared) {
    long started = System.nanoTime();
    List<List<PreparedMail>> groups = partitioner.partition(prepared, concurrency);
    List<Future<List<IntakeOutcome>>> runs = new ArrayList<>(groups.size());
    for (List<PreparedMail> group : groups) {
      runs.add(processGroup(mailbox, group));
    }
    return Future.join(runs)
        .transform(
            ar -> {
              MailPreparation.closeAll(prepared);
              if (ar.failed()) {
                return Future.failedFuture(ar.cause());
              }
              List<IntakeOutcome> outcomes = new ArrayList<>(prepared.size());
              runs.forEach(r -> outcomes.addAll(r.result()));
              log.debug("intake batch stored mailbox={} size={} groups={} storeMs={}", mailbox.name(),
                  prepared.size(), groups.size(), (System.nanoTime() - started) / 1_000_000);
              return Future.succeededFuture(outcomes);
            });
  }

  private Future<List<IntakeOutcome>> processGroup(MailboxContext mailbox, List<PreparedMail> group) {
    return pool.withTransaction(tx -> {
          BatchWrites writes = writesFor(mailbox);
          return GroupLookups.read(tx, mailbox.id(), group)
              .compose(lookups -> handleAll(tx, writes, lookups, mailbox, group))
              .compose(outcomes -> writes.flush(tx, responseClock, notifier).map(outcomes));
        })
        .recover(
            batchError -> {
              if (group.size() == 1) {
                return handleAlone(mailbox, group.get(0), batchError);
              }
              log.warn("intake batch failed, retrying one by one mailbox={} size={} error={}",
                  mailbox.name(), group.size(), Failures.describe(batchError));
              return oneByOne(mailbox, group);
            });
  }

  /** The writes of one transaction; with afterImport keep, filing a mail also ends its (empty) policy step. */
  private static BatchWrites writesFor(MailboxContext mailbox) {
    return new BatchWrites(mailbox.options().afterImport() == AfterImport.KEEP);
  }

  private Future<List<IntakeOutcome>> oneByOne(MailboxContext mailbox, List<PreparedMail> prepared) {
    List<IntakeOutcome> outcomes = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (PreparedMail p : prepared) {
      chain =
          chain.compose(
              v -> pool.withTransaction(tx -> {
                    BatchWrites writes = writesFor(mailbox);
                    return filing.file(tx, writes, GroupLookups.NONE, mailbox, p)
                        .compose(o -> writes.flush(tx, responseClock, notifier).map(o));
                  })
                  .recover(e -> handleAlone(mailbox, p, e).map(list -> list.get(0)))
                  .map(o -> {
                    outcomes.add(o);
                    return null;
                  }));
    }
    return chain.map(outcomes);
  }

  /**
   * One message failed on its own. Transient faults propagate, so the caller backs off and the message stays pending.
   * Anything else must still leave a ticket behind for a person, with the raw message linked.
   */
  private Future<List<IntakeOutcome>> handleAlone(MailboxContext mailbox, PreparedMail p, Throwable error) {
    if (Failures.isTransient(error)) {
      return Future.failedFuture(error);
    }
    String reason = Text.truncate("processing failed: " + Failures.describe(error), 500);
    log.error("intake message failed mailbox={} rawId={} uid={} error={}",
        mailbox.name(), p.raw().id(), p.raw().uid(), Failures.describe(error));
    return pool.withTransaction(tx -> filing.quarantine(tx, mailbox, p.raw(), reason))
        .recover(
            e -> {
              log.error("intake quarantine failed mailbox={} rawId={} error={}",
                  mailbox.name(), p.raw().id(), Failures.describe(e));
              return new RawMessageRepository(pool)
                  .mark(p.raw().id(), RawMessageRepository.State.FAILED, reason)
                  .map(new IntakeOutcome(p.raw().id(), p.raw().uid(), null, IntakeOutcome.Kind.FAILED, false));
            })
        .map(List::of);
  }

  private Future<List<IntakeOutcome>> handleAll(
      SqlClient tx, BatchWrites writes, GroupLookups lookups, MailboxContext mailbox, List<PreparedMail> prepared) {
    List<IntakeOutcome> outcomes = new ArrayList<>(prepared.size());
    Future<Void> chain = Future.succeededFuture();
    for (PreparedMail p : prepared) {
      chain = chain.compose(v -> filing.file(tx, writes, lookups, mailbox, p).map(o -> {
        outcomes.add(o);
        return null;
      }));
    }
    return chain.map(outcomes);
  }

  /** Keeps tickets' first- and next-response due times up to date. Call once, before deploying. */
  public MailIntake clockWith(ResponseClock responseClock) {
    this.responseClock = responseClock;
    return this;
  }

  /** Tells coordinators about new tickets, replies and flags through {@code notifier}. Call once, before deploying. */
  public MailIntake notifyWith(Notifier notifier) {
    this.notifier = notifier;
    filing.notifyWith(notifier);
    return this;
  }

  /** Hands coordinators' mail, reply addresses and reopening to {@code coordinators}. Call once, before deploying. */
  public MailIntake coordinateWith(Coordinators coordinators) {
    filing.coordinateWith(coordinators);
    return this;
  }

  /**
   * Lets mail that is not a request (a PBX's voicemail notification) go elsewhere before threading. Call once, before
   * the mailbox verticles are deployed.
   */
  public MailIntake divertWith(MailDiversion diversion) {
    filing.divertWith(diversion);
    return this;
  }
}
