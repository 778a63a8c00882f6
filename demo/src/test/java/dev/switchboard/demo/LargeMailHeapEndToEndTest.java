package dev.switchboard.demo;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.demo.bench.LargeAttachmentMail;
import dev.switchboard.gateway.Main;
import dev.switchboard.gateway.config.ImapOptions;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory goal of issue 8: the whole service ({@code switchboard run}, in its own JVM) with {@code -Xmx256m}
 * ingests four mails with a 50 MB attachment each, waiting in the mailbox together, without an OutOfMemoryError, and
 * stores every attachment byte-identical. The child's GC log gives the peak heap, printed for the README. Other
 * shapes for measuring: {@code -DlargeMail.count=24 -DlargeMail.attachmentBytes=5767168} (mails just under
 * {@code imap.largeMessageBytes}, fetched in batches).
 */
class LargeMailHeapEndToEndTest {
  private static final long ATTACHMENT = Long.getLong("largeMail.attachmentBytes", 50L * 1024 * 1024);
  private static final int MAILS = Integer.getInteger("largeMail.count", 4);
  /** Base64 makes the raw message about 4/3 of the attachment. */
  private static final boolean CHUNKED = ATTACHMENT * 4 / 3 > ImapOptions.DEFAULT_LARGE_MESSAGE_BYTES;
  // about a minute on an idle machine; generous, because the two cores are often shared with other builds
  private static final Duration WAIT = Duration.ofMinutes(4);
  private static final Path CHILD_LOG = Path.of("target", "large-mail-child.log");
  private static final Path GC_LOG = Path.of("target", "large-mail-child-gc.log");
  // "GC(7) Pause Young (Normal) (G1 Evacuation Pause) 180M->61M(256M) 12.345ms": the heap in use before each pause
  private static final Pattern PAUSE = Pattern.compile("\\) (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private GatewayHarness h;
  private Process child;

  @AfterEach
  void stop() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void fourFiftyMegabyteMailsAreIngestedWithinAQuarterGigabyteHeap(@TempDir Path dir) throws Exception {
    h = GatewayHarness.start();
    // the service under test runs in the child JVM; the harness keeps the mail server and the database
    h.stopService();
    Map<String, String> expected = new HashMap<>();
    for (int i = 1; i <= MAILS; i++) {
      ByteArrayOutputStream raw = new ByteArrayOutputStream((int) (ATTACHMENT * 14 / 10));
      String name = "dump-" + i + ".bin";
      expected.put(name, new LargeAttachmentMail("large-" + i + "@example.org", name, ATTACHMENT, 100 + i).writeTo(raw));
      h.deliverToMailbox(raw.toByteArray());
    }

    Path config = dir.resolve("switchboard.json");
    Files.writeString(config, h.config().encodePrettily());
    // the mailbox's debug lines give each large mail's fetch, commit and processing times
    Path logback = dir.resolve("logback.xml");
    Files.writeString(logback, "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
        + "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern></encoder></appender>"
        + "<logger name=\"dev.switchboard.gateway.mail\" level=\"DEBUG\"/><logger name=\"io.zonky\" level=\"WARN\"/>"
        + "<root level=\"INFO\"><appender-ref ref=\"OUT\"/></root></configuration>");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.deleteIfExists(GC_LOG);
    long started = System.nanoTime();
    child = new ProcessBuilder(java, "-Xmx256m", "-Xlog:gc:file=" + GC_LOG, "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(CHILD_LOG.toFile()).start();

    await(MAILS + " tickets with their attachments", WAIT,
        () -> !child.isAlive() || h.count("select count(*) from attachment") == MAILS || childLog().contains("OutOfMemoryError"));
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    assertThat(childLog().contains("OutOfMemoryError")).as("an OutOfMemoryError in %s", CHILD_LOG).isFalse();
    assertThat(child.isAlive()).as("the child still runs").isTrue();

    assertThat(h.count("select count(*) from ticket")).isEqualTo(MAILS);
    List<Row> stored = h.query("select a.filename, a.size, a.sha256, "
        + "(select sum(length(c.data)) from attachment_chunk c where c.sha256 = a.sha256) as stored from attachment a");
    Map<String, String> found = new HashMap<>();
    for (Row r : stored) {
      assertThat(r.getLong("size")).as("size of %s", r.getString("filename")).isEqualTo(ATTACHMENT);
      assertThat(r.getLong("stored")).as("bytes stored for %s", r.getString("filename")).isEqualTo(ATTACHMENT);
      found.put(r.getString("filename"), r.getString("sha256"));
    }
    assertThat(found).isEqualTo(expected);
    // the raw messages were kept whole: in chunks when large
    assertThat(h.count("select count(*) from raw_message where state = 'processed'")).isEqualTo(MAILS);
    assertThat(h.count("select count(distinct raw_message_id) from raw_message_chunk")).isEqualTo(CHUNKED ? MAILS : 0);
    assertThat(h.count("select count(*) from raw_message r where r.size <> length(r.content) + coalesce("
        + "(select sum(length(c.data)) from raw_message_chunk c where c.raw_message_id = r.id), 0)")).isZero();

    // the admin download streams a raw message back byte-identical (chunk by chunk when chunked)
    Row first = h.query("select r.id, r.size, encode(sha256(r.content || coalesce((select string_agg(c.data, "
        + "''::bytea order by c.seq) from raw_message_chunk c where c.raw_message_id = r.id), ''::bytea)), 'hex') as sha "
        + "from raw_message r order by r.id limit 1").get(0);
    Matcher port = Pattern.compile("httpPort=(\\d+)").matcher(childLog());
    assertThat(port.find()).as("the child's HTTP port in its log").isTrue();
    HttpResponse<InputStream> raw = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/raw-messages/" + first.getLong("id") + "/raw"))
            .header("Authorization", "Bearer " + h.adminToken()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(raw.statusCode()).isEqualTo(200);
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long read = 0;
    try (InputStream in = raw.body()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        read += n;
      }
    }
    assertThat(read).isEqualTo(first.getLong("size"));
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(first.getString("sha"));

    long peak = peakHeapMegabytes();
    System.out.printf(Locale.ROOT, "large mails: %d x %.1f MB attachments ingested with -Xmx256m in %d s, peak heap before a GC %d MB%n",
        MAILS, ATTACHMENT / 1048576.0, seconds, peak);
    assertThat(peak).isLessThanOrEqualTo(256);
  }

  private static String childLog() {
    try {
      return Files.readString(CHILD_LOG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The largest heap in use before any collection, from the child's unified GC log. */
  private static long peakHeapMegabytes() throws Exception {
    long peak = 0;
    List<String> lines = new ArrayList<>(Files.readAllLines(GC_LOG));
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, Long.parseLong(m.group(1)));
      }
    }
    return peak;
  }
}
