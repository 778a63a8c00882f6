package dev.switchboard.demo.bench;

import dev.switchboard.gateway.intake.AttachmentBlob;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.ParsedAttachment;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.AttachmentRepository;
import dev.switchboard.store.Database;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.Migrations;
import dev.switchboard.store.NewAttachment;
import dev.switchboard.store.NewTicket;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures the parser and the attachment store on this machine and prints a table:
 *
 * <ul>
 *   <li>throughput over a corpus of real mails (every {@code .eml} and {@code .msg} file under a directory, or the
 *       golden mails bundled in the jar), messages/s and MB/s, single-threaded, after a warm-up;
 *   <li>peak heap for parsing a generated mail with one large attachment (read from a file, attachment streamed to a
 *       digest), for reading that attachment whole as the gateway did before (for comparison), for storing it in
 *       PostgreSQL chunk by chunk, and for streaming it back out.
 * </ul>
 *
 * Peak heap is the sum of the heap pools' peak usage since the step began, after a full GC: it includes garbage not
 * yet collected, so it is an upper bound that depends on the collector and the heap size. Run with a small young
 * generation ({@code -XX:+UseSerialGC -Xmn16m}) for numbers close to what is live.
 */
public final class ParseBench {
  private static final double MB = 1024.0 * 1024.0;

  /** One row of the table. */
  record Row(String step, String work, double seconds, String rate, long peakHeapMb) {}

  private final Path corpus;
  private final long attachmentBytes;
  private final double seconds;
  private final boolean store;
  private final PrintStream out;

  /**
   * @param corpus directory to read mails from, or null for the bundled set
   * @param seconds how long each throughput measurement runs (the warm-up as long again)
   * @param store whether to measure the store path too (starts an embedded PostgreSQL)
   */
  public ParseBench(Path corpus, long attachmentBytes, double seconds, boolean store, PrintStream out) {
    this.corpus = corpus;
    this.attachmentBytes = attachmentBytes;
    this.seconds = seconds;
    this.store = store;
    this.out = out;
  }

  public void run() throws Exception {
    List<byte[]> mails = corpus == null ? bundled() : fromDirectory(corpus);
    if (mails.isEmpty()) {
      throw new IllegalArgumentException("no .eml or .msg files in " + (corpus == null ? "the bundled corpus" : corpus));
    }
    long corpusBytes = mails.stream().mapToLong(m -> m.length).sum();
    out.printf(Locale.ROOT, "switchboard bench-parse: corpus %s (%d mails, %.2f MB), attachment %.1f MB, %d cores, "
            + "max heap %d MB, %s%n",
        corpus == null ? "bundled" : corpus, mails.size(), corpusBytes / MB, attachmentBytes / MB,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / (1024 * 1024),
        collectors());
    EmailParser parser = new EmailParser();
    List<Row> rows = new ArrayList<>();
    throughput(parser, mails, seconds); // warm-up
    rows.add(throughput(parser, mails, seconds));

    Path file = Files.createTempFile("switchboard-bench-", ".eml");
    try {
      String sha256;
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        sha256 = new LargeAttachmentMail("bench-large@example.org", "large.bin", attachmentBytes, 1).writeTo(o);
      }
      long size = Files.size(file);
      rows.add(largeParse(parser, file, size, sha256, false));
      try {
        rows.add(largeParse(parser, file, size, sha256, true));
      } catch (OutOfMemoryError e) {
        // the point of the comparison on a small heap (-Xmx64m): the old way does not fit, the streaming way does
        rows.add(new Row("parse large mail, read attachment whole", "out of memory", 0, "-", HeapPeak.megabytes()));
      }
      if (store) {
        rows.addAll(largeStore(parser, file, sha256));
      }
    } finally {
      Files.deleteIfExists(file);
    }
    print(rows);
  }

  private static Row throughput(EmailParser parser, List<byte[]> mails, double seconds) {
    long bytes = 0;
    long count = 0;
    long started = System.nanoTime();
    long until = started + (long) (seconds * 1e9);
    while (System.nanoTime() < until) {
      for (byte[] m : mails) {
        parser.parse(m).close();
        count++;
        bytes += m.length;
      }
    }
    double s = (System.nanoTime() - started) / 1e9;
    return new Row("parse corpus (warm, 1 thread)", count + " mails", s,
        String.format(Locale.ROOT, "%.0f msg/s, %.1f MB/s", count / s, bytes / MB / s), -1);
  }

  /** Parses the large mail from its file; the attachment goes to a digest, or whole into a byte[] when {@code whole}. */
  private Row largeParse(EmailParser parser, Path file, long size, String sha256, boolean whole) throws IOException {
    HeapPeak.reset();
    long started = System.nanoTime();
    try (InputStream in = Files.newInputStream(file); ParsedEmail e = parser.parse(in)) {
      ParsedAttachment a = large(e);
      String actual;
      if (whole) {
        byte[] all;
        try (InputStream content = a.content().openStream()) {
          all = content.readAllBytes();
        }
        actual = HexFormat.of().formatHex(sha256().digest(all));
      } else {
        MessageDigest d = sha256();
        try (InputStream content = a.content().openStream()) {
          byte[] buf = new byte[64 * 1024];
          for (int n; (n = content.read(buf)) > 0; ) {
            d.update(buf, 0, n);
          }
        }
        actual = HexFormat.of().formatHex(d.digest());
      }
      check(sha256, actual);
    }
    double s = (System.nanoTime() - started) / 1e9;
    return new Row(whole ? "parse large mail, read attachment whole" : "parse large mail, stream attachment",
        String.format(Locale.ROOT, "%.1f MB mail", size / MB), s,
        String.format(Locale.ROOT, "%.1f MB/s", size / MB / s), HeapPeak.megabytes());
  }

  private List<Row> largeStore(EmailParser parser, Path file, String sha256) throws Exception {
    List<Row> rows = new ArrayList<>();
    Database database = Database.embedded(null, 0);
    Vertx vertx = Vertx.vertx();
    try {
      Migrations.migrate(database.connection());
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
          .connectingTo(database.connection().pgConnectOptions()).using(vertx).build();
      long messageId = ticketMessage(pool);
      try (InputStream in = Files.newInputStream(file); ParsedEmail e = parser.parse(in)) {
        ParsedAttachment a = large(e);
        NewAttachment attachment = new NewAttachment(a.filename(), a.contentType(), a.size(), false, null, a.sha256(),
            new AttachmentBlob(vertx, a.content()));
        HeapPeak.reset();
        long started = System.nanoTime();
        pool.withTransaction(tx -> new AttachmentRepository(tx).insert(messageId, attachment)).await();
        double s = (System.nanoTime() - started) / 1e9;
        rows.add(new Row("store attachment (1 MB chunks)", String.format(Locale.ROOT, "%.1f MB", a.size() / MB), s,
            String.format(Locale.ROOT, "%.1f MB/s", a.size() / MB / s), HeapPeak.megabytes()));
      }
      HeapPeak.reset();
      long started = System.nanoTime();
      MessageDigest d = sha256();
      long[] read = new long[1];
      new AttachmentRepository(pool).stream(sha256, chunk -> {
            d.update(chunk.getBytes());
            read[0] += chunk.length();
            return Future.succeededFuture();
          })
          .await();
      double s = (System.nanoTime() - started) / 1e9;
      check(sha256, HexFormat.of().formatHex(d.digest()));
      rows.add(new Row("read attachment back (HTTP path)", String.format(Locale.ROOT, "%.1f MB", read[0] / MB), s,
          String.format(Locale.ROOT, "%.1f MB/s", read[0] / MB / s), HeapPeak.megabytes()));
      pool.close().await();
    } finally {
      vertx.close().await();
      database.close();
    }
    return rows;
  }

  private static long ticketMessage(Pool pool) {
    long mailbox = new MailboxRepository(pool).upsert("bench", "bench@example.com").await().id();
    long ticket = new TicketRepository(pool)
        .create(new NewTicket(mailbox, "bench", "new", "normal", null, "email", false, null)).await().id();
    return new TicketMessageRepository(pool)
        .insert(new NewTicketMessage(ticket, mailbox, null, "inbound", "customer", "email", null, null, List.of(),
            null, null, List.of(), List.of(), "bench", "bench", "bench", null, "human", List.of()))
        .await();
  }

  private static ParsedAttachment large(ParsedEmail e) {
    return e.attachments().stream()
        .filter(x -> x.content() != null)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("the large attachment was not kept; warnings: " + e.warnings()));
  }

  private static void check(String expected, String actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException("attachment changed on the way: expected sha256 " + expected + ", got " + actual);
    }
  }

  private static List<byte[]> fromDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--corpus: not a directory: " + dir);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return read(files);
    }
  }

  /** The golden mails packaged into the jar under {@code bench-corpus/}. */
  private static List<byte[]> bundled() throws IOException, URISyntaxException {
    URL url = ParseBench.class.getClassLoader().getResource("bench-corpus");
    if (url == null) {
      return List.of();
    }
    URI uri = url.toURI();
    if (!"jar".equals(uri.getScheme())) {
      return fromDirectory(Path.of(uri));
    }
    try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of()); Stream<Path> files = Files.walk(jar.getPath("/bench-corpus"))) {
      return read(files);
    }
  }

  private static List<byte[]> read(Stream<Path> files) {
    List<byte[]> out = new ArrayList<>();
    files.filter(Files::isRegularFile)
        .filter(p -> p.toString().endsWith(".eml") || p.toString().endsWith(".msg"))
        .sorted()
        .forEach(p -> {
          try {
            out.add(Files.readAllBytes(p));
          } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p, e);
          }
        });
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String collectors() {
    List<String> names = new ArrayList<>();
    ManagementFactory.getGarbageCollectorMXBeans().forEach(g -> names.add(g.getName()));
    return String.join(" + ", names);
  }

  private void print(List<Row> rows) {
    out.println();
    out.printf("| %-40s | %-14s | %8s | %-24s | %9s |%n", "step", "work", "seconds", "rate", "peak heap");
    out.printf("|%s|%s|%s|%s|%s|%n", "-".repeat(42), "-".repeat(16), "-".repeat(10), "-".repeat(26), "-".repeat(11));
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %-40s | %-14s | %8.2f | %-24s | %9s |%n", r.step(), r.work(), r.seconds(), r.rate(),
          r.peakHeapMb() < 0 ? "-" : r.peakHeapMb() + " MB");
    }
  }
}
