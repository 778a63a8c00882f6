package dev.switchboard.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A small OAuth2 authorisation server on a dynamic local port: a token endpoint (client-credentials, refresh-token and
 * device-code grants, answering errors the way Microsoft Entra does), a token introspection endpoint (RFC 7662) for
 * Dovecot's oauth2 passdb, and a device authorisation endpoint (RFC 8628). Tokens expire by the clock it is given.
 */
public final class LocalOAuthServer implements AutoCloseable {
  public static final String CLIENT_ID = "switchboard-test";
  /** A second app registration, so SMTP and IMAP tokens can be told apart. */
  public static final String SMTP_CLIENT_ID = "switchboard-smtp";
  public static final String CLIENT_SECRET = "client-secret";
  public static final String REFRESH_TOKEN = "rt-good";

  private final HttpServer server;
  private final Clock clock;
  private final Map<String, Instant> issued = new ConcurrentHashMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final List<String> grants = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Deque<String> deviceAnswers = new ArrayDeque<>();
  private volatile Duration lifetime = Duration.ofHours(1);
  private volatile String acceptedRefreshToken = REFRESH_TOKEN;
  private volatile String username;
  private volatile BiConsumer<String, String> onIssue = (client, token) -> {};

  public LocalOAuthServer(Clock clock, String username) throws IOException {
    this.clock = clock;
    this.username = username;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/introspect", this::introspect);
    server.createContext("/devicecode", this::deviceCode);
    server.start();
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public void tokenLifetime(Duration d) {
    lifetime = d;
  }

  /** The refresh token the server accepts from now on; others get invalid_grant. */
  public void acceptRefreshToken(String token) {
    acceptedRefreshToken = token;
  }

  /** Called with the client id and each access token issued (e.g. to make it GreenMail's password). */
  public void onIssue(BiConsumer<String, String> c) {
    onIssue = c;
  }

  /** Answers of the following device-code polls, in order: authorization_pending, slow_down, approved, ... */
  public synchronized void deviceAnswers(String... answers) {
    deviceAnswers.addAll(List.of(answers));
  }

  /** The grant types of the token requests received so far. */
  public List<String> grants() {
    return List.copyOf(grants);
  }

  /** The token requests received so far, as "clientId grantType". */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  public void revokeAll() {
    issued.clear();
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex);
    String grant = form.getOrDefault("grant_type", "");
    grants.add(grant);
    requests.add(form.get("client_id") + " " + grant);
    String client = form.get("client_id");
    if (!(CLIENT_ID.equals(client) || SMTP_CLIENT_ID.equals(client))
        || (!grant.endsWith("device_code") && !CLIENT_SECRET.equals(form.get("client_secret")))) {
      reply(ex, 401, error("invalid_client", "AADSTS7000215: Invalid client secret provided."));
      return;
    }
    switch (grant) {
      case "client_credentials" -> reply(ex, 200, issue(client, null));
      case "refresh_token" -> {
        if (acceptedRefreshToken.equals(form.get("refresh_token"))) {
          reply(ex, 200, issue(client, null));
        } else {
          reply(ex, 400, error("invalid_grant", "AADSTS70008: The refresh token has expired or was revoked."));
        }
      }
      case "urn:ietf:params:oauth:grant-type:device_code" -> {
        String answer;
        synchronized (this) {
          answer = deviceAnswers.isEmpty() ? "authorization_pending" : deviceAnswers.poll();
        }
        if (answer.equals("approved")) {
          reply(ex, 200, issue(client, "rt-from-device"));
        } else {
          reply(ex, 400, error(answer, "device flow: " + answer));
        }
      }
      default -> reply(ex, 400, error("unsupported_grant_type", grant));
    }
  }

  /** A token issued to the test itself, e.g. to put mail into the IMAP server. */
  public String issueForTest() {
    return issue("test", null).getString("access_token");
  }

  private JsonObject issue(String client, String refreshToken) {
    String token = "at-" + counter.incrementAndGet();
    issued.put(token, clock.instant().plus(lifetime));
    onIssue.accept(client, token);
    JsonObject json = new JsonObject()
        .put("token_type", "Bearer")
        .put("access_token", token)
        .put("expires_in", lifetime.toSeconds());
    return refreshToken == null ? json : json.put("refresh_token", refreshToken);
  }

  private void introspect(HttpExchange ex) throws IOException {
    String token = form(ex).get("token");
    Instant expires = token == null ? null : issued.get(token);
    boolean active = expires != null && clock.instant().isBefore(expires);
    reply(ex, 200, new JsonObject().put("active", active).put("username", active ? username : null));
  }

  private void deviceCode(HttpExchange ex) throws IOException {
    form(ex);
    reply(ex, 200, new JsonObject()
        .put("device_code", "device-code-1")
        .put("user_code", "ABCD-EFGH")
        .put("verification_uri", "https://microsoft.com/devicelogin")
        .put("expires_in", 900)
        .put("interval", 5));
  }

  private static JsonObject error(String code, String description) {
    return new JsonObject().put("error", code).put("error_description", description);
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, JsonObject json) throws IOException {
    byte[] bytes = json.encode().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
