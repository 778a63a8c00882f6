package dev.switchboard.gateway.telephony;

import dev.switchboard.gateway.config.CallBacklogOptions;
import dev.switchboard.gateway.config.PbxOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.metrics.Metrics;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.store.CallJournalRepository;
import dev.switchboard.store.JournaledCall;
import dev.switchboard.telephony.AmiEventMapper;
import dev.switchboard.telephony.CallCorrelator;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.CorrelatorSettings;
import dev.switchboard.telephony.PbxEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.TimeoutException;
import org.asteriskjava.manager.event.ConnectEvent;
import org.asteriskjava.manager.event.DisconnectEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens to one PBX over the Asterisk Manager Interface. The only gateway class that touches Asterisk-Java.
 *
 * <p>Asterisk-Java reads the socket and calls listeners on its own thread; every event is handed to this verticle's
 * context, where one {@link CallCorrelator} per PBX turns events into finished calls. A finished call is first
 * committed to the call journal (idempotent on PBX and Linkedid, several calls per statement), and only then filed by
 * {@link CallIntake}, one at a time, in the journal's order, reading the journal back: a crash or a database outage
 * between a call's end and its ticket work loses no call, and a restart files what was left. While a journal write is
 * under way finished calls wait in memory, up to {@code telephony.backlog.memoryCalls}; beyond that, and at once
 * while the database fails, they go to a spool file ({@link CallSpool}, forced to disk) that is journaled in order
 * when the database is back: no call is dropped. A periodic check reads the connection state (for {@code GET
 * /health}, component {@code pbx:<name>}) and closes calls whose events stopped.
 *
 * <p>Connection trouble: the first login is retried with exponential backoff up to {@code reconnectMaxSeconds}; a lost
 * connection is re-established by Asterisk-Java itself (which also resumes the event stream), and if it gives up this
 * verticle's own login loop takes over. Each failure streak is logged once, a wrong secret as an error naming the AMI
 * user.
 */
public final class AmiConnectionVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(AmiConnectionVerticle.class);
  private static final long WATCH_MILLIS = 1000;
  private static final int EXPIRE_EVERY_WATCHES = 10;
  private static final long INITIAL_BACKOFF_MILLIS = 1000;
  private static final long FILING_RETRY_MILLIS = 5000;
  private static final int JOURNAL_BATCH = 500;
  private static final int FILING_BATCH = 100;
  /** Event types the mapper always uses: one it turns down lacks the fields that identify a channel. */
  private static final Set<String> ALWAYS_MAPPED = Set.of(
      "NewChannelEvent", "NewCallerIdEvent", "DialBeginEvent", "DialEndEvent", "BridgeEnterEvent", "BridgeLeaveEvent",
      "HangupEvent", "QueueCallerJoinEvent", "QueueCallerLeaveEvent", "QueueCallerAbandonEvent", "AgentConnectEvent",
      "AgentCalledEvent", "BlindTransferEvent", "AttendedTransferEvent");

  private final PbxOptions options;
  private final CorrelatorSettings settings;
  private final CallIntake intake;
  private final CallJournalRepository journal;
  private final HealthRegistry health;
  private final Clock clock;
  private final Metrics metrics;
  private final int memoryCalls;
  private final CallSpool spool;
  /** Finished calls not yet journaled, all older than those in the spool. */
  private final Deque<CallRecord> unjournaled = new ArrayDeque<>();
  /** Calls in the spool file not yet journaled; while there are any, new calls go there too, to keep their order. */
  private long spooled;
  /** The journal write under way, completed once its outcome is handled; null when none is. */
  private Future<Void> journalWrite;
  private final Map<String, Long> skippedByType = new HashMap<>();
  private ManagerConnection connection;
  private WorkerExecutor worker;
  private WorkerExecutor spoolWorker;
  private AmiEventMapper mapper;
  private CallCorrelator correlator;
  /** Our clock minus the PBX's event time stamps: calls expire by the PBX's own idea of time. */
  private Duration pbxClockOffset = Duration.ZERO;
  private long backoffMillis;
  private boolean loggingIn;
  private boolean retryScheduled;
  private boolean up;
  private boolean everConnected;
  private boolean journaling;
  private boolean journalFailing;
  private boolean journalRetryPending;
  private boolean warnedSpool;
  private boolean filing;
  private boolean filingWanted;
  private boolean filingFailing;
  private long watches;
  private long skipped;
  private volatile boolean stopped;

  public AmiConnectionVerticle(
      PbxOptions options, CorrelatorSettings settings, CallBacklogOptions backlog, CallIntake intake, Pool pool,
      HealthRegistry health, Clock clock, Metrics metrics) {
    this.options = options;
    this.memoryCalls = backlog.memoryCalls();
    this.spool = new CallSpool(Path.of(backlog.spoolDirectory()), options.name());
    this.settings = settings;
    this.intake = intake;
    this.journal = new CallJournalRepository(pool);
    this.health = health;
    this.clock = clock;
    this.metrics = metrics;
  }

  private String component() {
    return "pbx:" + options.name();
  }

  private String where() {
    return options.host() + ":" + options.port();
  }

  @Override
  public Future<?> start() {
    mapper = new AmiEventMapper(clock);
    correlator = new CallCorrelator(settings);
    // a login waits for the socket and the PBX's answers; the blocked-thread checker should not call that a hang
    worker = vertx.createSharedWorkerExecutor("ami-" + options.name(), 1, 2, TimeUnit.MINUTES);
    // one thread: spool operations run one after another, in the order they were asked for
    spoolWorker = vertx.createSharedWorkerExecutor("call-spool-" + options.name(), 1);
    connection =
        new ManagerConnectionFactory(options.host(), options.port(), options.username(), options.secret())
            .createManagerConnection();
    var ctx = context;
    connection.addEventListener(event -> ctx.runOnContext(v -> onEvent(event)));
    health.down(component(), "connecting to " + where());
    // calls spooled before the last stop or crash come before any new one
    return spoolWorker.executeBlocking(spool::open, true).recover(e -> {
      // an unreadable spool must not keep the PBX from being heard: calls then wait in memory
      log.error("call spool unreadable pbx={} file={} error={}", options.name(), spool.file(), Failures.describe(e));
      return Future.succeededFuture(0);
    }).onSuccess(waiting -> {
      spooled = waiting;
      if (waiting > 0) {
        log.info("call spool found pbx={} calls={} file={}", options.name(), waiting, spool.file());
      }
      vertx.setPeriodic(WATCH_MILLIS, id -> watch());
      login();
      journalNext();
      // calls journaled but not filed before the last stop or crash
      fileNext();
    }).mapEmpty();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    // the write under way settles first; then calls only in memory are journaled, or else spooled, never left behind;
    // filing them waits for the next start
    Future<Void> settled = journalWrite == null ? Future.succeededFuture() : journalWrite;
    Future<Void> flushed = settled.compose(v -> {
      if (unjournaled.isEmpty()) {
        return Future.succeededFuture();
      }
      List<CallRecord> calls = new ArrayList<>(unjournaled);
      return appendToJournal(calls)
          .onSuccess(ok -> unjournaled.clear())
          .recover(e -> spillMemory());
    });
    return flushed.compose(flushedOrNot -> worker
        .executeBlocking(() -> {
          ManagerConnectionState state = connection.getState();
          if (state != ManagerConnectionState.INITIAL && state != ManagerConnectionState.DISCONNECTED) {
            connection.logoff();
          }
          return null;
        })
        .recover(e -> {
          log.debug("pbx logoff failed pbx={} error={}", options.name(), Failures.describe(e));
          return Future.succeededFuture();
        })
        .compose(v -> worker.close())
        .compose(v -> spoolWorker.close()));
  }

  private void login() {
    retryScheduled = false;
    if (stopped) {
      return;
    }
    loggingIn = true;
    worker
        .executeBlocking(() -> {
          connection.login();
          return null;
        })
        .onComplete(ar -> {
          loggingIn = false;
          if (stopped) {
            return;
          }
          if (ar.succeeded()) {
            markUp();
          } else {
            loginFailed(ar.cause());
          }
        });
  }

  private void loginFailed(Throwable error) {
    boolean firstOfStreak = backoffMillis == 0;
    backoffMillis = firstOfStreak
        ? INITIAL_BACKOFF_MILLIS
        : Math.min(backoffMillis * 2, TimeUnit.SECONDS.toMillis(options.reconnectMaxSeconds()));
    up = false;
    String detail = describe(error);
    health.down(component(), detail);
    if (firstOfStreak && error instanceof AuthenticationFailedException) {
      log.error("pbx login rejected pbx={} host={} username={} retryInMs={} error={}: check the username and secret "
          + "of this PBX in telephony.pbxs and its manager.conf", options.name(), where(), options.username(),
          backoffMillis, detail);
    } else if (firstOfStreak) {
      log.warn("pbx unavailable pbx={} host={} retryInMs={} error={}", options.name(), where(), backoffMillis, detail);
    } else {
      log.debug("pbx still unavailable pbx={} retryInMs={} error={}", options.name(), backoffMillis, detail);
    }
    retryScheduled = true;
    vertx.setTimer(backoffMillis, id -> login());
  }

  private String describe(Throwable error) {
    if (error instanceof AuthenticationFailedException) {
      return "login rejected for AMI user '" + options.username() + "': wrong username or secret";
    }
    if (error instanceof TimeoutException) {
      return "no answer from " + where() + " in time";
    }
    if (error instanceof IOException) {
      return "cannot connect to " + where() + ": " + Failures.describe(error);
    }
    return Failures.describe(error);
  }

  private void markUp() {
    boolean recovered = everConnected;
    everConnected = true;
    if (recovered) {
      metrics.reconnected(options.name());
    }
    backoffMillis = 0;
    up = true;
    health.up(component(), upDetail());
    log.info("pbx {} pbx={} host={}", recovered ? "reconnected" : "connected", options.name(), where());
  }

  private void markDown(String detail) {
    if (up) {
      up = false;
      health.down(component(), detail);
      log.warn("pbx connection lost pbx={} host={} detail={}", options.name(), where(), detail);
    }
  }

  private String upDetail() {
    CallCorrelator.Stats s = correlator.stats();
    return "connected to " + where() + "; events " + s.eventsSeen() + ", skipped " + skipped + ", open calls "
        + s.openCalls() + ", calls " + s.callsFinished()
        + (unjournaled.isEmpty() && spooled == 0 ? "" : ", waiting for the database " + unjournaled.size()
            + " in memory, " + spooled + " spooled");
  }

  /** Connection state for health, Asterisk-Java giving up, and calls whose events stopped. */
  private void watch() {
    if (stopped) {
      return;
    }
    watches++;
    ManagerConnectionState state = connection.getState();
    if (state == ManagerConnectionState.CONNECTED) {
      if (!up) {
        markUp();
      } else {
        health.up(component(), upDetail());
      }
    } else if (!loggingIn && !retryScheduled) {
      markDown("connection lost, reconnecting (" + state.name().toLowerCase(Locale.ROOT) + ")");
      if (state == ManagerConnectionState.DISCONNECTED) {
        // Asterisk-Java stopped reconnecting (e.g. the secret changed on the PBX): our own loop takes over
        loginFailed(new IOException("connection closed and not re-established"));
      }
    }
    if (watches % EXPIRE_EVERY_WATCHES == 0) {
      correlator.expire(clock.instant().minus(pbxClockOffset)).forEach(this::finished);
    }
  }

  private void onEvent(ManagerEvent event) {
    if (stopped) {
      return;
    }
    if (event instanceof DisconnectEvent) {
      markDown("connection lost, reconnecting");
      return;
    }
    if (event instanceof ConnectEvent) {
      return;
    }
    metrics.amiEvent(options.name(), event.getClass().getSimpleName());
    Optional<PbxEvent> mapped;
    try {
      mapped = mapper.map(event);
    } catch (RuntimeException e) {
      // the mapper promises not to throw; a frame that still makes it is skipped, never fatal to the stream
      mapped = Optional.empty();
    }
    if (mapped.isEmpty()) {
      skip(event);
      return;
    }
    PbxEvent e = mapped.get();
    pbxClockOffset = Duration.between(e.timestamp(), clock.instant());
    List<CallRecord> done;
    try {
      done = correlator.onEvent(e);
    } catch (RuntimeException ex) {
      log.error("pbx event broke correlation pbx={} type={} error={}", options.name(), event.getClass().getSimpleName(),
          Failures.describe(ex));
      return;
    }
    done.forEach(this::finished);
  }

  private void skip(ManagerEvent event) {
    skipped++;
    String type = event.getClass().getSimpleName();
    long seen = skippedByType.merge(type, 1L, Long::sum);
    if (seen == 1) {
      if (ALWAYS_MAPPED.contains(type)) {
        log.info("pbx event skipped, malformed pbx={} type={} (missing channel fields; logged once per type)",
            options.name(), type);
      } else {
        log.debug("pbx event type not used pbx={} type={}", options.name(), type);
      }
    }
  }

  /** Skipped events by Asterisk-Java event class, for tests and diagnostics. */
  Map<String, Long> skippedByType() {
    return new TreeMap<>(skippedByType);
  }

  private void finished(CallRecord call) {
    metrics.call(options.name(), call.disposition());
    if (spooled > 0 || journalFailing || unjournaled.size() >= memoryCalls) {
      spill(List.of(call));
    } else {
      unjournaled.add(call);
    }
    journalNext();
  }

  /** Appends calls to the spool; should the disk fail, they stay in memory rather than be dropped. */
  private void spill(List<CallRecord> calls) {
    spooled += calls.size();
    if (!warnedSpool) {
      warnedSpool = true;
      log.warn("calls spooled to disk until the database takes them pbx={} file={} memoryCalls={} databaseFailing={}",
          options.name(), spool.file(), memoryCalls, journalFailing);
    }
    List<JsonObject> json = calls.stream().map(CallRecordJson::write).toList();
    spoolWorker.executeBlocking(() -> {
      spool.append(json);
      return null;
    }, true).onFailure(e -> keepInMemory(calls, "spool write failed", e));
  }

  /** Moves the calls in memory to the head of the spool, ahead of the newer calls there. */
  private Future<Void> spillMemory() {
    if (unjournaled.isEmpty()) {
      return Future.succeededFuture();
    }
    List<CallRecord> calls = new ArrayList<>(unjournaled);
    unjournaled.clear();
    spooled += calls.size();
    List<JsonObject> json = calls.stream().map(CallRecordJson::write).toList();
    return spoolWorker.<Void>executeBlocking(() -> {
      spool.prepend(json);
      return null;
    }, true).recover(e -> {
      keepInMemory(calls, "spool write failed", e);
      return Future.succeededFuture();
    });
  }

  private void keepInMemory(List<CallRecord> calls, String what, Throwable e) {
    spooled -= calls.size();
    log.error("{}, calls kept in memory pbx={} calls={} file={} error={}", what, options.name(), calls.size(),
        spool.file(), Failures.describe(e));
    for (int i = calls.size() - 1; i >= 0; i--) {
      unjournaled.addFirst(calls.get(i));
    }
  }

  /**
   * Commits waiting calls to the journal, oldest first: those in memory, then those in the spool, a batch per
   * statement; then wakes the filer. A failure spills memory to the spool and retries later.
   */
  private void journalNext() {
    if (journaling || journalRetryPending || stopped || (unjournaled.isEmpty() && spooled == 0)) {
      return;
    }
    journaling = true;
    Future<Integer> write;
    if (!unjournaled.isEmpty()) {
      List<CallRecord> batch = new ArrayList<>(Math.min(unjournaled.size(), JOURNAL_BATCH));
      for (CallRecord c : unjournaled) {
        if (batch.size() == JOURNAL_BATCH) {
          break;
        }
        batch.add(c);
      }
      write = appendToJournal(batch).map(v -> {
        batch.forEach(c -> unjournaled.poll());
        // none of them was in the spool
        return null;
      });
    } else {
      write = spoolWorker.executeBlocking(() -> spool.read(JOURNAL_BATCH), true)
          .compose(batch -> journal.append(options.name(),
                  batch.calls().stream().map(c -> c.getString("callId")).toList(), batch.calls())
              .compose(v -> spoolWorker.executeBlocking(() -> {
                spool.consumed(batch.end());
                return batch.lines();
              }, true)));
    }
    journalWrite = write.transform(ar -> {
      journaling = false;
      if (ar.succeeded()) {
        Integer spoolLines = ar.result();
        if (spoolLines != null) {
          // a spool that held fewer lines than counted must not be read forever
          spooled = spoolLines == 0 ? 0 : Math.max(0, spooled - spoolLines);
        }
        if (journalFailing) {
          log.info("call journal recovered pbx={} spooled={}", options.name(), spooled);
        }
        journalFailing = false;
        if (spooled == 0) {
          warnedSpool = false;
        }
        fileNext();
        journalNext();
        return Future.succeededFuture();
      }
      if (!journalFailing) {
        log.warn("call journal unavailable, spooling calls, will retry pbx={} inMemory={} spooled={} retryInMs={} "
            + "error={}", options.name(), unjournaled.size(), spooled, FILING_RETRY_MILLIS, Failures.describe(ar.cause()));
      }
      journalFailing = true;
      journalRetryPending = true;
      return spillMemory().onComplete(v -> vertx.setTimer(FILING_RETRY_MILLIS, id -> {
        journalRetryPending = false;
        journalNext();
      }));
    });
  }

  private Future<Void> appendToJournal(List<CallRecord> calls) {
    return journal.append(options.name(), calls.stream().map(CallRecord::callId).toList(),
        calls.stream().map(CallRecordJson::write).toList());
  }

  /**
   * Files journaled calls one at a time, in journal order: repeated calls from one number must see each other's
   * tickets. A call filed but not yet marked (a crash in between) is filed again as a duplicate, which changes nothing.
   */
  private void fileNext() {
    if (stopped) {
      return;
    }
    if (filing) {
      filingWanted = true;
      return;
    }
    filing = true;
    filingWanted = false;
    journal
        .unfiled(options.name(), FILING_BATCH)
        .compose(calls -> fileInOrder(calls, 0).map(calls.size()))
        .onComplete(ar -> {
          filing = false;
          if (ar.succeeded()) {
            if (filingFailing) {
              log.info("call filing recovered pbx={}", options.name());
            }
            filingFailing = false;
            if (ar.result() == FILING_BATCH || filingWanted) {
              fileNext();
            }
          } else {
            if (!filingFailing) {
              log.warn("call filing failed, will retry pbx={} retryInMs={} error={}", options.name(),
                  FILING_RETRY_MILLIS, Failures.describe(ar.cause()));
            }
            filingFailing = true;
            vertx.setTimer(FILING_RETRY_MILLIS, id -> fileNext());
          }
        });
  }

  private Future<Void> fileInOrder(List<JournaledCall> calls, int index) {
    if (index == calls.size() || stopped) {
      return Future.succeededFuture();
    }
    JournaledCall entry = calls.get(index);
    CallRecord call;
    try {
      call = CallRecordJson.read(entry.record());
    } catch (RuntimeException e) {
      return unfileable(entry.linkedid(), "journal entry unreadable: " + Failures.describe(e))
          .compose(v -> fileInOrder(calls, index + 1));
    }
    return intake
        .record(options.name(), call)
        .compose(outcome -> journal.markFiled(options.name(), entry.linkedid()))
        .recover(e -> Failures.isTransient(e)
            ? Future.failedFuture(e)
            : unfileable(entry.linkedid(), Failures.describe(e)))
        .compose(v -> fileInOrder(calls, index + 1));
  }

  private Future<Void> unfileable(String callId, String reason) {
    log.error("call could not be filed pbx={} callId={} error={}", options.name(), callId, reason);
    return journal.markFailed(options.name(), callId, Text.truncate(reason, 1000));
  }
}
