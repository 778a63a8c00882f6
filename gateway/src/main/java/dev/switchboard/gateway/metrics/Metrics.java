package dev.switchboard.gateway.metrics;

import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.intake.IntakeOutcome;
import dev.switchboard.gateway.mail.SendResult;
import dev.switchboard.store.OutboxMail;
import dev.switchboard.telephony.Disposition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every meter Switchboard publishes, behind one method per event so that a call site is one line and names, tags and
 * units live here only. Meter names are Micrometer's dotted form; Prometheus shows them with underscores and a unit
 * suffix ({@code switchboard.mail.fetched} becomes {@code switchboard_mail_fetched_total}).
 *
 * <p>Thread-safe: verticles on different event loops call it concurrently.
 */
public final class Metrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Metrics.class);
  static final String ACKNOWLEDGMENT = "acknowledgment";
  /** Histogram buckets of the acknowledgment latency: what a help desk promises, from seconds to an hour. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
    Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5),
    Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1)
  };

  /**
   * When the mails outbox rows answer arrived, by outbox id, for many rows at once; a row it does not know (e.g. one
   * that is gone) is left out.
   */
  public interface ArrivalLookup {
    Future<Map<Long, Instant>> arrivalsOf(List<Long> outboxIds);
  }

  private final MeterRegistry registry;
  private final Clock clock;
  private final AutoCloseable closeWith;
  private final Timer acknowledgmentLatency;
  private final Counter retries;
  private final AtomicLong outboxDepth = new AtomicLong();
  private final AtomicLong outboxOldestDueMillis = new AtomicLong();
  private final Map<String, AtomicLong> lastPollMillis = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> oldestUnprocessedMillis = new ConcurrentHashMap<>();
  private final Map<String, Boolean> componentGauges = new ConcurrentHashMap<>();
  private volatile ArrivalLookup arrivals;
  /** Sent acknowledgments whose arrival is still to be looked up, by outbox id, with when the relay accepted them. */
  private final Map<Long, Instant> awaitingArrival = new LinkedHashMap<>();
  /** Sent acknowledgments that make a lookup start at once rather than wait for the next scrape. */
  static final int ARRIVAL_BATCH = 1000;

  public Metrics(MeterRegistry registry, Clock clock) {
    this(registry, clock, () -> {});
  }

  private Metrics(MeterRegistry registry, Clock clock, AutoCloseable closeWith) {
    this.registry = registry;
    this.clock = clock;
    this.closeWith = closeWith;
    this.acknowledgmentLatency =
        Timer.builder("switchboard.acknowledgment.latency")
            .description("From a mail's arrival in the gateway to its acknowledgment accepted by the SMTP relay")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
    this.retries =
        Counter.builder("switchboard.outbox.retries")
            .description("Outbox mail deferred after a transient failure, to be tried again")
            .register(registry);
    Gauge.builder("switchboard.outbox.depth", outboxDepth, AtomicLong::get)
        .description("Outbox mail waiting to be sent (pending, due or backing off); read from the database on scrape")
        .register(registry);
    Gauge.builder("switchboard.outbox.oldest.due.age", outboxOldestDueMillis, v -> v.get() / 1000.0)
        .description("How long the longest-waiting due outbox mail has been due; 0 when nothing is due")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Meters that go nowhere: for tests and tools that run verticles without a management port. */
  public static Metrics none() {
    return new Metrics(new CompositeMeterRegistry(), Clock.systemUTC());
  }

  /** A Prometheus registry with the JVM's memory, GC, thread, class-loading, CPU and uptime meters bound to it. */
  public static Metrics prometheus(Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new Metrics(registry, clock, () -> {
      gc.close();
      registry.close();
    });
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Where the acknowledgment latency finds a mail's arrival time (the database, in the service). */
  public Metrics lookUpArrivalsWith(ArrivalLookup lookup) {
    this.arrivals = lookup;
    return this;
  }

  /** The database pool's open connections against its maximum. */
  public void watchPool(Pool pool, int maxSize) {
    Gauge.builder("switchboard.db.pool.connections", pool, Pool::size)
        .description("Connections the database pool holds now")
        .register(registry);
    Gauge.builder("switchboard.db.pool.max", () -> maxSize)
        .description("Connections the database pool may hold (database.poolSize)")
        .register(registry);
  }

  // --- mailboxes

  public void fetched(String mailbox, int count) {
    counter("switchboard.mail.fetched", "Messages fetched from the IMAP server", mailbox).increment(count);
  }

  public void committed(String mailbox, int count) {
    counter("switchboard.mail.committed", "Raw messages committed to the database with the mailbox's progress", mailbox)
        .increment(count);
  }

  /** One count per message by what became of it; set-aside and failed messages count as quarantined too. */
  public void processed(String mailbox, List<IntakeOutcome> outcomes) {
    for (IntakeOutcome o : outcomes) {
      String outcome = wire(o.kind());
      Counter.builder("switchboard.mail.processed")
          .description("Committed messages turned into ticket data, by outcome")
          .tags("mailbox", mailbox, "outcome", outcome)
          .register(registry)
          .increment();
      if (o.kind() == IntakeOutcome.Kind.SET_ASIDE || o.kind() == IntakeOutcome.Kind.FAILED) {
        Counter.builder("switchboard.mail.quarantined")
            .description("Messages kept with their raw bytes but filed nowhere (set aside or failed)")
            .tags("mailbox", mailbox, "reason", outcome)
            .register(registry)
            .increment();
      }
    }
  }

  /** A mailbox cycle (fetch, commit, process, wait) completed. */
  public void polled(String mailbox) {
    mailboxSeconds(lastPollMillis, "switchboard.mailbox.last.success.timestamp",
        "When the mailbox last completed a cycle, in seconds since the epoch", mailbox)
        .set(clock.millis());
  }

  /** A mailbox cycle failed: the IMAP server (or the database) did not answer as hoped. */
  public void mailboxFailed(String mailbox) {
    counter("switchboard.mailbox.errors", "Failed mailbox cycles (IMAP or database errors)", mailbox).increment();
  }

  /** From the database: how long the oldest committed but unprocessed message has waited; zero when none. */
  public void oldestUnprocessed(String mailbox, Duration age) {
    mailboxSeconds(oldestUnprocessedMillis, "switchboard.mailbox.oldest.unprocessed.age",
        "Age of the oldest committed but unprocessed message; read from the database on scrape", mailbox)
        .set(age.toMillis());
  }

  /** The per-mailbox holder of a gauge kept in milliseconds and shown in seconds; registered on first use. */
  private AtomicLong mailboxSeconds(
      Map<String, AtomicLong> holders, String name, String description, String mailbox) {
    return holders.computeIfAbsent(mailbox, m -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder(name, v, x -> x.get() / 1000.0)
          .description(description)
          .baseUnit("seconds")
          .tag("mailbox", m)
          .register(registry);
      return v;
    });
  }

  // --- outbox

  /** From the database: mail waiting in the outbox, and how long the longest-due one has been due. */
  public void outbox(long depth, Duration oldestDue) {
    outboxDepth.set(depth);
    outboxOldestDueMillis.set(oldestDue.toMillis());
  }

  /**
   * The relay's answer to one outbox mail. An acknowledgment it accepted also records its latency, from the arrival of
   * the mail it answers to now (looked up after the fact; a failed lookup only loses that one sample).
   */
  public void sendResult(OutboxMail mail, SendResult.Outcome outcome) {
    Instant accepted = clock.instant();
    Counter.builder("switchboard.outbox.sends")
        .description("Send attempts by result; an unreachable relay counts a retry for each mail of the batch")
        .tags("kind", mail.kind(), "outcome", wire(outcome))
        .register(registry)
        .increment();
    ArrivalLookup lookup = arrivals;
    if (outcome != SendResult.Outcome.SENT || !ACKNOWLEDGMENT.equals(mail.kind()) || lookup == null) {
      return;
    }
    boolean full;
    synchronized (awaitingArrival) {
      awaitingArrival.put(mail.id(), accepted);
      full = awaitingArrival.size() >= ARRIVAL_BATCH;
    }
    if (full) {
      lookUpArrivals();
    }
  }

  /**
   * Records the latency of the acknowledgments sent since the last call: one query for all of them (a scrape calls it,
   * and so does a send that fills a batch), rather than one per mail, which under a backlog cost as much database time
   * as filing the mail. A failed lookup loses only those samples.
   */
  public Future<Void> lookUpArrivals() {
    ArrivalLookup lookup = arrivals;
    Map<Long, Instant> batch;
    synchronized (awaitingArrival) {
      if (lookup == null || awaitingArrival.isEmpty()) {
        return Future.succeededFuture();
      }
      batch = new LinkedHashMap<>(awaitingArrival);
      awaitingArrival.clear();
    }
    Future<Map<Long, Instant>> found;
    try {
      found = lookup.arrivalsOf(List.copyOf(batch.keySet()));
    } catch (RuntimeException e) {
      found = Future.failedFuture(e);
    }
    return found
        .map(arrived -> {
          arrived.forEach((id, at) -> {
            Instant accepted = batch.get(id);
            if (at != null && accepted != null) {
              acknowledged(at, accepted);
            }
          });
          return (Void) null;
        })
        .recover(e -> {
          log.debug("acknowledgment latency not recorded count={} error={}", batch.size(), e.toString());
          return Future.succeededFuture();
        });
  }

  void acknowledged(Instant arrived, Instant accepted) {
    Duration latency = Duration.between(arrived, accepted);
    acknowledgmentLatency.record(latency.isNegative() ? Duration.ZERO : latency);
  }

  /** A transient failure put an outbox mail back for a later attempt. */
  public void retried() {
    retries.increment();
  }

  // --- telephony

  /** One AMI event as Asterisk-Java typed it (its class name, a bounded set), whether or not we use it. */
  public void amiEvent(String pbx, String type) {
    Counter.builder("switchboard.ami.events")
        .description("AMI events received, by Asterisk-Java event type")
        .tags("pbx", pbx, "type", type)
        .register(registry)
        .increment();
  }

  public void call(String pbx, Disposition disposition) {
    Counter.builder("switchboard.calls")
        .description("Finished calls, by disposition")
        .tags("pbx", pbx, "disposition", wire(disposition))
        .register(registry)
        .increment();
  }

  /** The AMI connection came back after it had been up before. */
  public void reconnected(String pbx) {
    Counter.builder("switchboard.ami.reconnects")
        .description("AMI connections re-established after a loss")
        .tags("pbx", pbx)
        .register(registry)
        .increment();
  }

  // --- HTTP API

  /**
   * One answered request of the HTTP API, by method, route template (never the raw path: a ticket number in a label
   * would make a series per ticket) and status code. Prometheus shows {@code http_server_requests_seconds_count},
   * {@code _sum} and {@code _max}.
   */
  public void httpRequest(String method, String route, int status, Duration duration) {
    Timer.builder("http.server.requests")
        .description("HTTP API requests answered, by method, route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .register(registry)
        .record(duration);
  }

  // --- health

  /** One 1/0 gauge per health component ({@code mailbox:NAME}, {@code smtp}, {@code pbx:NAME}); new ones as they appear. */
  public void watchHealth(HealthRegistry health) {
    for (String component : health.snapshot().keySet()) {
      componentGauges.computeIfAbsent(component, c -> {
        Gauge.builder("switchboard.component.up", health, h -> {
              HealthRegistry.Status s = h.snapshot().get(c);
              return s != null && s.up() ? 1 : 0;
            })
            .description("1 when the connection reports itself up (as in GET /health), else 0")
            .tag("component", c)
            .register(registry);
        return Boolean.TRUE;
      });
    }
  }

  private Counter counter(String name, String description, String mailbox) {
    return Counter.builder(name).description(description).tag("mailbox", mailbox).register(registry);
  }

  private static String wire(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      closeWith.close();
    } catch (Exception e) {
      log.debug("metrics did not close cleanly error={}", e.toString());
    }
  }
}
