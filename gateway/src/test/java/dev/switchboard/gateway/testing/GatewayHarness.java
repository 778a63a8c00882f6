package dev.switchboard.gateway.testing;

import java.util.function.Predicate;
import java.util.LinkedHashMap;
import jakarta.mail.Address;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.Switchboard;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.http.BearerToken;
import dev.switchboard.store.ApiRole;
import dev.switchboard.store.ApiTokenRepository;
import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The real service against a real GreenMail IMAP/SMTP server and the shared embedded PostgreSQL. Each test gets an
 * empty database and a fresh mail server; the service can be stopped and started again on the same data to test
 * restarts.
 */
public final class GatewayHarness implements AutoCloseable {
  public static final String SUPPORT = "support@example.com";
  public static final String SUPPORT_PASSWORD = "support";

  private final GreenMail mail;
  private final UnaryOperator<JsonObject> tweak;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Vertx vertx = Vertx.vertx();
  private final Pool pool = TestDatabase.pool(vertx);
  private Switchboard app;
  private String adminToken;

  private java.time.Clock clock = java.time.Clock.systemUTC();

  private GatewayHarness(GreenMail mail, UnaryOperator<JsonObject> tweak) {
    this.mail = mail;
    this.tweak = tweak;
  }

  /** As {@link #start(UnaryOperator)}, the service taking the time of its decisions from {@code clock}. */
  public static GatewayHarness start(UnaryOperator<JsonObject> tweak, java.time.Clock clock) {
    return start(tweak, m -> {}, clock);
  }

  public static GatewayHarness start() {
    return start(UnaryOperator.identity());
  }

  /** Starts a mail server, empties the database and starts the service; {@code tweak} adjusts the config JSON. */
  public static GatewayHarness start(UnaryOperator<JsonObject> tweak) {
    return start(tweak, m -> {});
  }

  /** As {@link #start(UnaryOperator)}; {@code mailServer} adds users (more mailboxes) before the service starts. */
  public static GatewayHarness start(UnaryOperator<JsonObject> tweak, java.util.function.Consumer<GreenMail> mailServer) {
    return start(tweak, mailServer, java.time.Clock.systemUTC());
  }

  private static GatewayHarness start(
      UnaryOperator<JsonObject> tweak, java.util.function.Consumer<GreenMail> mailServer, java.time.Clock clock) {
    resetDatabase();
    GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    mail.start();
    mail.setUser(SUPPORT, SUPPORT, SUPPORT_PASSWORD);
    mailServer.accept(mail);
    GatewayHarness h = new GatewayHarness(mail, tweak);
    h.clock = clock;
    h.adminToken = h.createToken("test-admin", ApiRole.ADMIN);
    h.startService();
    return h;
  }

  private static void resetDatabase() {
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = TestDatabase.pool(vertx);
      TestDatabase.truncate(pool).await();
      pool.close().await();
    } finally {
      vertx.close().await();
    }
  }

  public JsonObject config() {
    ConnectionInfo db = TestDatabase.connection();
    JsonObject json =
        new JsonObject()
            .put("http", new JsonObject().put("port", 0))
            .put(
                "database",
                new JsonObject().put("url", "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database())
                    .put("password", db.password()))
            .put(
                "smtp",
                new JsonObject().put("host", "127.0.0.1").put("port", mail.getSmtp().getPort()).put("security", "none")
                    .put("timeoutSeconds", 5))
            .put(
                "outbox",
                new JsonObject().put("pollIntervalMillis", 100).put("initialBackoffSeconds", 1).put("maxBackoffSeconds", 2))
            .put(
                "mailboxes",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "support")
                            .put("address", SUPPORT)
                            .put("displayName", "Example IT")
                            .put(
                                "imap",
                                new JsonObject()
                                    .put("host", "127.0.0.1")
                                    .put("port", mail.getImap().getPort())
                                    .put("security", "none")
                                    .put("username", SUPPORT)
                                    .put("password", SUPPORT_PASSWORD)
                                    .put("pollIntervalSeconds", 1))));
    return tweak.apply(json);
  }

  public void startService() {
    app = Switchboard.start(SwitchboardConfig.fromJson(config(), Map.of()), clock);
  }

  public void stopService() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  public Switchboard app() {
    return app;
  }

  public GreenMail mail() {
    return mail;
  }

  /** Delivers raw RFC 5322 text to the support mailbox over SMTP, bytes as given. */
  public void deliver(String raw) {
    deliver(raw.getBytes(StandardCharsets.UTF_8));
  }

  public void deliver(byte[] raw) {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    try {
      Session session = Session.getInstance(props);
      MimeMessage m =
          new MimeMessage(session, new ByteArrayInputStream(raw)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
              // keep the test's own Message-ID: threading and de-duplication are what is under test
              if (getHeader("Message-ID") == null) {
                super.updateMessageID();
              }
            }
          };
      Transport.send(m, new InternetAddress[] {new InternetAddress(SUPPORT)});
    } catch (Exception e) {
      throw new IllegalStateException("delivery to GreenMail failed", e);
    }
  }

  /**
   * Puts raw bytes straight into the support mailbox, without an SMTP connection: for very large test mails, whose
   * SMTP transfer can outlast GreenMail's socket timeouts on a busy machine.
   */
  public void deliverToMailbox(byte[] raw) {
    try {
      Session session = Session.getInstance(new Properties());
      mail.getUserManager().getUser(SUPPORT).deliver(new MimeMessage(session, new ByteArrayInputStream(raw)));
    } catch (Exception e) {
      throw new IllegalStateException("delivery into the GreenMail mailbox failed", e);
    }
  }

  /** Mail that the service sent to this address, as the recipient's server received it. */
  public List<MimeMessage> receivedBy(String address) {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      try {
        for (var a : m.getRecipients(Message.RecipientType.TO)) {
          if (((InternetAddress) a).getAddress().equalsIgnoreCase(address)) {
            out.add(m);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /**
   * Creates an API token the way {@code switchboard token create} does and returns it; the harness's own requests use
   * an admin token named {@code test-admin}.
   */
  public String createToken(String name, ApiRole role) {
    String token = BearerToken.generate();
    new ApiTokenRepository(pool).create(name, role, BearerToken.sha256(token)).await();
    return token;
  }

  public String adminToken() {
    return adminToken;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + path);
  }

  /** A request builder for {@code path} carrying the admin token. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + adminToken);
  }

  /** Sends any request; {@code token} and {@code contentType} may be null to leave the header out. */
  public HttpResponse<String> send(String method, String path, String token, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }

  /** GET with the admin token; the answer as JSON with its status in "_status". */
  /**
   * Mail the service sent (from the support mailbox) with this address among its recipients, one per Message-ID, in
   * arrival order, chosen by its {@code X-Switchboard-Notification} header: null for mail that is no notification.
   */
  public List<MimeMessage> sentTo(String address, Predicate<String> notificationHeader) {
    Map<String, MimeMessage> out = new LinkedHashMap<>();
    try {
      for (MimeMessage m : mail.getReceivedMessages()) {
        if (!((InternetAddress) m.getFrom()[0]).getAddress().equalsIgnoreCase(SUPPORT)
            || !notificationHeader.test(m.getHeader("X-Switchboard-Notification", null))) {
          continue;
        }
        Address[] all = m.getAllRecipients();
        for (Address a : all == null ? new Address[0] : all) {
          if (((InternetAddress) a).getAddress().equalsIgnoreCase(address)) {
            out.putIfAbsent(m.getMessageID(), m);
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new ArrayList<>(out.values());
  }

  /** Waits until every raw message is processed and the outbox drained, then a mailbox cycle, so "nothing more" is seen. */
  public void awaitQuiet(Duration timeout) {
    await("no raw message left unprocessed", timeout,
        () -> count("select count(*) from raw_message where state = 'received'") == 0);
    await("outbox drained", timeout, () -> count("select count(*) from outbox where state = 'pending'") == 0);
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public JsonObject getJson(String path) {
    HttpResponse<String> r = send("GET", path, adminToken, null, null);
    return new JsonObject(r.body()).put("_status", r.statusCode());
  }

  /** Sends a JSON body with {@code method} (PATCH, POST, ...) and the admin token; the answer with "_status". */
  public JsonObject sendJson(String method, String path, String body) {
    HttpResponse<String> r = send(method, path, adminToken, "application/json", body);
    return new JsonObject(r.body()).put("_status", r.statusCode());
  }

  /** Runs SQL against the test database; works while the service is stopped too. */
  public List<Row> query(String sql) {
    List<Row> rows = new ArrayList<>();
    pool.query(sql).execute().await().forEach(rows::add);
    return rows;
  }

  public long count(String sql) {
    return query(sql).get(0).getLong(0);
  }

  /** Waits up to {@code timeout} for a condition; fails with {@code what} when it never holds. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
  }

  @Override
  public void close() {
    stopService();
    mail.stop();
    pool.close().await();
    vertx.close().await();
  }
}
