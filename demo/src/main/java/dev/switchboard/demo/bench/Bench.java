package dev.switchboard.demo.bench;

import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.Switchboard;
import dev.switchboard.gateway.config.SwitchboardConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.search.Search;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Measures the email path end to end on this machine: a real IMAP server (embedded GreenMail, or any server given),
 * the real service, a real embedded PostgreSQL and a real SMTP server for the acknowledgments. Two scenarios:
 *
 * <ul>
 *   <li>backlog: N mails wait in the mailbox when the service starts; mails/s until every one is a committed ticket
 *       (or follow-up) with its acknowledgment enqueued;
 *   <li>live: mails arrive at a steady rate while the service runs; latency from arrival in the mailbox to the
 *       acknowledgment accepted by the SMTP server, p50/p90/p99.
 * </ul>
 *
 * <p>Against a named IMAP server without a named SMTP server, the acknowledgments go to a {@link SmtpSink} that
 * discards them: it costs next to nothing, like a relay on another machine. GreenMail stores every mail in a folder
 * per recipient and finds users and folders by a linear search, so thousands of distinct recipients made it
 * quadratic: its SMTP thread took a third of the JVM's CPU in the backlog, taken from the service it measured.
 */
public final class Bench {
  /**
   * Where to run: embedded GreenMail unless an IMAP server is named.
   *
   * @param maildir where the live mails are written as a delivery agent would, or null to APPEND them over IMAP
   */
  public record Target(
      String imapHost, int imapPort, String imapUser, String imapPassword, String smtpHost, int smtpPort,
      Path maildir) {}

  /** One scenario's numbers. */
  /** @param offeredPerSecond the arrival rate the live scenario reached (null for the backlog) */
  /**
   * @param jitSeconds time the JIT compiler threads spent compiling during the scenario (the JVM's own estimate): CPU
   *     taken from the service on a small machine, most of it in the first minute after start-up
   */
  record Result(String scenario, int mails, double seconds, double mailsPerSecond, Long p50, Long p90, Long p99,
      long peakHeapMb, Double offeredPerSecond, double jitSeconds) {}

  private static final String SUPPORT = "support@bench.test";
  /** How often a scenario's end is also asked of the database while the service's counters are watched. */
  private static final Duration CONFIRM_EVERY = Duration.ofSeconds(5);
  /** What both scenarios wait for: acknowledgments, not the coordinators' notifications beside them in the outbox. */
  private static final String ACKNOWLEDGMENTS_SENT =
      "select count(*) from outbox where kind = 'acknowledgment' and state = 'sent'";

  private final int backlogMails;
  private final int liveRate;
  private final int liveSeconds;
  private final Target target;
  private final PrintStream out;
  private final String afterImport;
  private final boolean json;
  private final int coordinators;
  /** Progress lines: on standard error when the numbers go out as JSON, so standard output parses. */
  private final PrintStream progress;

  public Bench(int backlogMails, int liveRate, int liveSeconds, Target target, String afterImport, PrintStream out) {
    this(backlogMails, liveRate, liveSeconds, target, afterImport, false, 0, out);
  }

  /**
   * @param coordinators how many coordinators the mailbox has: each is told of every new ticket and every reply, as a
   *     help desk's are, so their notifications are part of the work measured
   */
  public Bench(
      int backlogMails, int liveRate, int liveSeconds, Target target, String afterImport, boolean json,
      int coordinators, PrintStream out) {
    if (coordinators < 0) {
      throw new IllegalArgumentException("--coordinators must be 0 or more, was " + coordinators);
    }
    this.coordinators = coordinators;
    this.json = json;
    this.progress = json ? System.err : out;
    this.afterImport = afterImport;
    this.backlogMails = backlogMails;
    this.liveRate = liveRate;
    this.liveSeconds = liveSeconds;
    this.target = target;
    this.out = out;
  }

  private RawFetchCeiling.Result ceiling;
  /** Coordinators' notifications in the outbox when the live scenario ended, queued or sent, and those sent. */
  private long notifications;
  private long notificationsSent;

  public void run() throws Exception {
    GreenMail greenMail = null;
    SmtpSink sink = null;
    Target t = target;
    if (t != null && t.smtpHost() == null) {
      // acknowledgments still need somewhere to go: a sink that discards them, not GreenMail (see the class comment)
      sink = SmtpSink.start();
      t = new Target(t.imapHost(), t.imapPort(), t.imapUser(), t.imapPassword(), "127.0.0.1", sink.port(),
          t.maildir());
    }
    if (t == null) {
      // fully embedded: GreenMail is the IMAP server, and its SMTP side takes the acknowledgments
      greenMail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
      greenMail.start();
      greenMail.setUser(SUPPORT, SUPPORT, "bench");
      t = new Target("127.0.0.1", greenMail.getImap().getPort(), SUPPORT, "bench", "127.0.0.1",
          greenMail.getSmtp().getPort(), null);
    }
    String server = greenMail != null ? "embedded GreenMail" : "IMAP " + t.imapHost() + ":" + t.imapPort();
    progress.printf("switchboard bench: %d backlog mails, live %d mails/s for %d s, IMAP server: %s, after import: %s, "
            + "%d coordinators, %d cores, max heap %d MB%n",
        backlogMails, liveRate, liveSeconds, server, afterImport, coordinators, Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    BenchMailFactory factory = new BenchMailFactory(42, SUPPORT);
    List<Result> results = new ArrayList<>();
    try (MailDrop drop = greenMail != null
            ? MailDrop.greenMail(greenMail.getUserManager().getUser(SUPPORT))
            : MailDrop.imapAppend(t.imapHost(), t.imapPort(), t.imapUser(), t.imapPassword(), "INBOX")) {
      // backlog: everything is in the mailbox before the service starts; generated and delivered 500 at a time, so
      // the bench holds none of it in the heap it shares with the service (20,000 mails are about 230 MB)
      int requests = 0;
      for (int from = 0; from < backlogMails; from += 500) {
        List<byte[]> chunk = new ArrayList<>(500);
        for (int i = from; i < Math.min(backlogMails, from + 500); i++) {
          boolean reply = i % 5 == 4;
          chunk.add(reply ? factory.reply(i, i - 1) : factory.request(i));
          requests += reply ? 0 : 1;
        }
        drop.deliver(chunk);
      }
      progress.printf("delivered %d backlog mails (%d new requests, %d replies)%n", backlogMails, requests,
          backlogMails - requests);
      // the ceiling: the same server, the same mails, only the bytes read
      ceiling = RawFetchCeiling.measure(t.imapHost(), t.imapPort(), t.imapUser(), t.imapPassword());
      progress.printf("raw IMAP fetch of the same mails: %d in %.2f s (%.0f mails/s, %.1f MB)%n", ceiling.messages(),
          ceiling.elapsed().toMillis() / 1000.0, ceiling.messagesPerSecond(), ceiling.bytes() / 1e6);

      HeapPeak.reset();
      Instant started = Instant.now();
      long jitStarted = jitMillis();
      try (Switchboard app = Switchboard.start(benchConfig(t))) {
        int expectedAcks = requests;
        waitFor(app, "select count(*) from raw_message where state <> 'received'", backlogMails, Duration.ofMinutes(10),
            () -> counted(app, "switchboard.mail.processed"));
        waitFor(app, "select count(*) from outbox where kind = 'acknowledgment'", expectedAcks, Duration.ofMinutes(1));
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        results.add(new Result("backlog (start-up to all committed)", backlogMails, seconds, backlogMails / seconds,
            null, null, null, HeapPeak.megabytes(), null, (jitMillis() - jitStarted) / 1000.0));
        waitFor(app, ACKNOWLEDGMENTS_SENT, expectedAcks, Duration.ofMinutes(10), () -> acknowledgmentsSent(app));
        double ackSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        progress.printf("backlog acknowledgments all sent after %.1f s%n", ackSeconds);

        // live: a steady arrival rate while the service is idle-waiting
        int liveMails = liveRate * liveSeconds;
        // generated before the clock starts (the generator is not thread-safe and not what is measured) into files,
        // not the heap the service runs in; each is read back just before it is delivered
        LiveSpool live = LiveSpool.write(liveMails, n -> factory.request(backlogMails + n));
        HeapPeak.reset();
        Map<String, Instant> arrivals = new ConcurrentHashMap<>();
        Instant liveStart = Instant.now();
        long jitLive = jitMillis();
        double offered;
        try {
          offered = deliverLive(t, greenMail == null ? null : drop, live, arrivals);
        } finally {
          live.delete();
        }
        progress.printf("live: %d mails arrived at %.0f mails/s (asked for %d/s)%n", liveMails, offered, liveRate);
        waitFor(app, ACKNOWLEDGMENTS_SENT, expectedAcks + liveMails, Duration.ofMinutes(10),
            () -> acknowledgmentsSent(app));
        double liveElapsed = Duration.between(liveStart, Instant.now()).toMillis() / 1000.0;
        List<Long> latencies = latencies(app, arrivals);
        Row counted = app.pool().query("select count(*), count(*) filter (where state = 'sent') from outbox "
            + "where kind = 'notification'").execute().await().iterator().next();
        notifications = counted.getLong(0);
        notificationsSent = counted.getLong(1);
        results.add(new Result("live (arrival to acknowledgment sent)", liveMails, liveElapsed,
            liveMails / liveElapsed, percentile(latencies, 50), percentile(latencies, 90), percentile(latencies, 99),
            HeapPeak.megabytes(), offered, (jitMillis() - jitLive) / 1000.0));
      }
    } finally {
      if (greenMail != null) {
        greenMail.stop();
      }
      if (sink != null) {
        sink.close();
      }
    }
    if (json) {
      out.println(json(results).encodePrettily());
    } else {
      print(results);
    }
  }

  private JsonObject json(List<Result> results) {
    JsonArray scenarios = new JsonArray();
    for (Result r : results) {
      scenarios.add(new JsonObject().put("scenario", r.scenario()).put("mails", r.mails()).put("seconds", r.seconds())
          .put("mailsPerSecond", Math.round(r.mailsPerSecond())).put("p50Ms", r.p50()).put("p90Ms", r.p90())
          .put("p99Ms", r.p99()).put("peakHeapMb", r.peakHeapMb())
          .put("offeredMailsPerSecond", r.offeredPerSecond() == null ? null : Math.round(r.offeredPerSecond()))
          .put("jitSeconds", Math.round(r.jitSeconds() * 10) / 10.0));
    }
    JsonObject report = new JsonObject()
        .put("backlogMails", backlogMails).put("liveRate", liveRate).put("liveSeconds", liveSeconds)
        .put("coordinators", coordinators).put("notifications", notifications)
        .put("notificationsSent", notificationsSent)
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024))
        .put("scenarios", scenarios);
    if (ceiling != null) {
      report.put("ceiling", new JsonObject().put("rawFetchMailsPerSecond", Math.round(ceiling.messagesPerSecond()))
          .put("messages", ceiling.messages()).put("bytes", ceiling.bytes()));
      results.stream().filter(r -> r.scenario().startsWith("backlog")).findFirst().ifPresent(r ->
          report.put("backlogShareOfCeiling", Math.round(1000 * r.mailsPerSecond() / ceiling.messagesPerSecond()) / 1000.0));
    }
    return report;
  }

  private SwitchboardConfig benchConfig(Target t) {
    SwitchboardConfig c = SwitchboardConfig.fromJson(config(t), Map.of());
    return c.withDatabase(c.database().withTemporaryEmbedded());
  }

  private JsonObject config(Target t) {
    return new JsonObject()
        .put("http", new JsonObject().put("port", 0))
        // metrics on, as a monitored deployment runs: the bench watches the service's own counters to see the end
        .put("management", new JsonObject().put("port", 0))
        .put("database", new JsonObject().put("poolSize", 8))
        .put("smtp", new JsonObject().put("host", t.smtpHost()).put("port", t.smtpPort()).put("security", "none"))
        .put("outbox", new JsonObject().put("pollIntervalMillis", 200).put("batchSize", 200))
        .put("tickets", new JsonObject().put("acknowledgmentsPerSenderPerHour", 3))
        .put(
            "mailboxes",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("name", "bench")
                        .put("address", SUPPORT)
                        .put("afterImport", afterImport)
                        .put("agents", new JsonObject().put("addresses", coordinatorAddresses()))
                        .put("moveTo", "move".equals(afterImport) ? "Imported" : null)
                        .put(
                            "imap",
                            new JsonObject()
                                .put("host", t.imapHost())
                                .put("port", t.imapPort())
                                .put("security", "none")
                                .put("username", t.imapUser())
                                .put("password", t.imapPassword())
                                .put("pollIntervalSeconds", 30)
                                .put("fetchBatchSize", 500))));
  }

  private JsonArray coordinatorAddresses() {
    JsonArray addresses = new JsonArray();
    for (int i = 1; i <= coordinators; i++) {
      addresses.add("coordinator" + i + "@bench.test");
    }
    return addresses;
  }

  /**
   * {@link #waitFor(Switchboard, String, long, Duration)}, first watching a figure the service keeps in memory (one of
   * its own counters, free to read), then confirming with the query once that figure says it is done. Polling the
   * query alone cost the database 3.3 s of its 55 s in a 20,000-mail backlog (a count(*) over raw_message each time).
   * The query still runs every few seconds meanwhile, so a counter that misses a mail delays the end by that much, not
   * to the timeout.
   */
  private static void waitFor(Switchboard app, String countSql, long expected, Duration timeout, LongSupplier cheap)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Instant nextQuery = Instant.now().plus(CONFIRM_EVERY);
    while (cheap.getAsLong() < expected && Instant.now().isBefore(deadline)) {
      if (Instant.now().isAfter(nextQuery)) {
        if (count(app, countSql) >= expected) {
          return;
        }
        nextQuery = Instant.now().plus(CONFIRM_EVERY);
      }
      Thread.sleep(20);
    }
    waitFor(app, countSql, expected, Duration.between(Instant.now(), deadline).plusSeconds(1));
  }

  /** The sum of a counter of the service's own metrics over all its tags. */
  private static long counted(Switchboard app, String name) {
    return sum(app.metrics().registry().find(name));
  }

  private static long acknowledgmentsSent(Switchboard app) {
    return sum(app.metrics().registry().find("switchboard.outbox.sends")
        .tags("kind", "acknowledgment", "outcome", "sent"));
  }

  private static long sum(Search counters) {
    return (long) counters.counters().stream().mapToDouble(Counter::count).sum();
  }

  private static long count(Switchboard app, String countSql) {
    return app.pool().query(countSql).execute().await().iterator().next().getLong(0);
  }

  private static void waitFor(Switchboard app, String countSql, long expected, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    long started = System.nanoTime();
    long first = -1;
    while (Instant.now().isBefore(deadline)) {
      long n = count(app, countSql);
      if (n >= expected) {
        return;
      }
      // each poll is a count(*) over the growing raw_message/outbox tables, database CPU taken from the service (at a
      // fixed 20 ms, 1,400 queries and 2.6 s of database time in a 5,000-mail run): wait about a quarter of the time
      // the rest should take at the rate seen so far, between 20 ms (the end is seen at most 20 ms late) and 1 s
      first = first < 0 ? n : first;
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = seconds > 0 ? (n - first) / seconds : 0;
      long sleepMillis = rate <= 0 ? 100 : (long) ((expected - n) / rate * 1000 / 4);
      Thread.sleep(Math.max(20, Math.min(1000, sleepMillis)));
    }
    throw new IllegalStateException("benchmark timed out waiting for " + expected + " rows of: " + countSql);
  }


  /**
   * Delivers the live mails at the asked rate, mail n due at start + n / rate. One IMAP APPEND takes tens of
   * milliseconds of round trips, so several connections append side by side (one per 20 mails/s), each taking every
   * lanes-th mail; a lane that falls behind delivers at once. Writing into the server's Maildir (with a maildir
   * target) or into the embedded GreenMail takes no round trip, so one lane does. Returns the arrival rate reached.
   */
  private double deliverLive(Target t, MailDrop inProcess, LiveSpool live, Map<String, Instant> arrivals)
      throws Exception {
    int liveMails = live.size();
    MailDrop shared = inProcess != null ? inProcess : t.maildir() != null ? MailDrop.maildir(t.maildir()) : null;
    int lanes = shared != null ? 1 : Math.max(1, Math.min(32, (liveRate + 19) / 20));
    long intervalNanos = 1_000_000_000L / Math.max(1, liveRate);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(lanes);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int lane = 0; lane < lanes; lane++) {
        int first = lane;
        running.add(pool.submit(() -> {
          try (MailDrop own = shared != null ? null
              : MailDrop.imapAppend(t.imapHost(), t.imapPort(), t.imapUser(), t.imapPassword(), "INBOX")) {
            MailDrop d = shared != null ? shared : own;
            for (int n = first; n < liveMails; n += lanes) {
              long wait = start + n * intervalNanos - System.nanoTime();
              if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
              }
              int i = backlogMails + n;
              d.deliver(List.of(live.read(n)));
              arrivals.put(BenchMailFactory.messageId(i), Instant.now());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return liveMails / ((System.nanoTime() - start) / 1e9);
  }

  private static List<Long> latencies(Switchboard app, Map<String, Instant> arrivals) {
    String sql =
        "select m.message_id, o.sent_at from ticket_message m join outbox o on o.ticket_id = m.ticket_id "
            + "and o.kind = 'acknowledgment' where m.direction = 'inbound' and o.sent_at is not null "
            + "and m.message_id = any($1)";
    List<Long> out = new ArrayList<>();
    var rows = app.pool().preparedQuery(sql)
        .execute(io.vertx.sqlclient.Tuple.of((Object) arrivals.keySet().toArray(new String[0]))).await();
    for (Row r : rows) {
      Instant arrived = arrivals.get(r.getString(0));
      out.add(Duration.between(arrived, r.getOffsetDateTime(1).toInstant()).toMillis());
    }
    Collections.sort(out);
    return out;
  }

  private static Long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private void print(List<Result> results) {
    out.println();
    out.printf("| %-38s | %6s | %8s | %8s | %7s | %7s | %7s | %9s |%n",
        "scenario", "mails", "seconds", "mails/s", "p50 ms", "p90 ms", "p99 ms", "peak heap");
    out.printf("|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(40), "-".repeat(8), "-".repeat(10), "-".repeat(10),
        "-".repeat(9), "-".repeat(9), "-".repeat(9), "-".repeat(11));
    for (Result r : results) {
      out.printf("| %-38s | %6d | %8.2f | %8.0f | %7s | %7s | %7s | %6d MB |%n", r.scenario(), r.mails(), r.seconds(),
          r.mailsPerSecond(), fmt(r.p50()), fmt(r.p90()), fmt(r.p99()), r.peakHeapMb());
    }
    results.stream().filter(r -> r.offeredPerSecond() != null).forEach(r ->
        out.printf("| %-38s | %6s | %8s | %8.0f | %7s | %7s | %7s | %9s |%n", "  live arrivals reached (offered)", "-",
            "-", r.offeredPerSecond(), "-", "-", "-", "-"));
    if (ceiling != null) {
      out.printf("| %-38s | %6d | %8.2f | %8.0f | %7s | %7s | %7s | %9s |%n", "ceiling: raw IMAP fetch, same mails",
          ceiling.messages(), ceiling.elapsed().toMillis() / 1000.0, ceiling.messagesPerSecond(), "-", "-", "-", "-");
      results.stream().filter(r -> r.scenario().startsWith("backlog")).findFirst().ifPresent(r ->
          out.printf("%nbacklog rate is %.1f %% of the ceiling (the same IMAP server's raw fetch of the same mails)%n",
              100 * r.mailsPerSecond() / ceiling.messagesPerSecond()));
    }
    results.forEach(r -> out.printf("%s: the JIT compilers took %.1f s of the %.1f s%n", r.scenario(), r.jitSeconds(),
        r.seconds()));
    if (coordinators > 0) {
      out.printf("%d coordinators: %d notifications in the outbox when the live scenario ended, %d of them sent "
          + "(mail to people goes first)%n", coordinators, notifications, notificationsSent);
    }
  }

  /** Milliseconds the JIT compilers have spent so far, or 0 where the JVM does not say. */
  private static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  private static String fmt(Long v) {
    return v == null ? "-" : v.toString();
  }
}
