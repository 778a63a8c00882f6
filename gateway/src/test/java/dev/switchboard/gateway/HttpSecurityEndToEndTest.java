package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.store.ApiRole;
import dev.switchboard.store.ApiTokenRepository;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP API as an attacker and as each role sees it: every route with no token, a reader, an agent and an admin
 * token; revocation; bodies that are bad, too big or of the wrong type; what answers leak; a bounded load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpSecurityEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String JANE = "jane@example.org";

  private GatewayHarness h;
  private String reader;
  private String agent;
  private String admin;
  private long attachmentId;
  private long rawMessageId;

  @BeforeAll
  void start() {
    h = GatewayHarness.start();
    reader = h.createToken("reader", ApiRole.READER);
    agent = h.createToken("agent", ApiRole.AGENT);
    admin = h.createToken("admin", ApiRole.ADMIN);
    h.deliver("From: Jane Doe <" + JANE + ">\r\nTo: " + SUPPORT + "\r\nSubject: Printer\r\n"
        + "Message-ID: <sec-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        + "--b\r\nContent-Type: text/plain\r\n\r\nThe printer is jammed.\r\n"
        + "--b\r\nContent-Type: text/html\r\nContent-Disposition: attachment; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.html\r\n"
        + "\r\n<script>alert(document.cookie)</script>\r\n--b--\r\n");
    await("ticket with its attachment", WAIT, () -> {
      JsonObject t = h.getJson("/tickets/1001");
      return t.getInteger("_status") == 200 && !t.getJsonArray("messages").getJsonObject(0)
          .getJsonArray("attachments").isEmpty();
    });
    attachmentId = h.getJson("/tickets/1001").getJsonArray("messages").getJsonObject(0).getJsonArray("attachments")
        .getJsonObject(0).getLong("id");
    rawMessageId = h.query("select id from raw_message").get(0).getLong(0);
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private record Route(String method, String path, String body, int none, int reader, int agent, int admin) {}

  @Test
  void everyRouteAnswersEachRoleAsDocumented() {
    List<Route> routes = List.of(
        new Route("GET", "/health", null, 200, 200, 200, 200),
        new Route("GET", "/tickets", null, 401, 200, 200, 200),
        new Route("GET", "/tickets?awaitingFirstResponse=true", null, 401, 200, 200, 200),
        new Route("GET", "/tickets/1001", null, 401, 200, 200, 200),
        new Route("GET", "/tickets/1001/attachments/" + attachmentId, null, 401, 200, 200, 200),
        new Route("GET", "/calls", null, 401, 200, 200, 200),
        new Route("PATCH", "/tickets/1001", "{\"priority\": \"high\"}", 401, 403, 200, 200),
        // the agent adds the number (201), the admin finds it already hers (200)
        new Route("POST", "/contacts/" + JANE + "/phones", "{\"phone\": \"+49 30 901820\"}", 401, 403, 201, 200),
        new Route("POST", "/tickets", "{}", 401, 403, 403, 404),
        new Route("PUT", "/tickets/1001", "{}", 401, 403, 403, 404),
        new Route("DELETE", "/tickets/1001", null, 401, 403, 403, 404),
        new Route("GET", "/admin/anything", null, 401, 404, 404, 404),
        // the intake ledger is raw mail from anyone: admins only, even to read; an imported message is not replayed
        new Route("GET", "/raw-messages", null, 401, 403, 403, 200),
        new Route("GET", "/raw-messages?state=set-aside", null, 401, 403, 403, 200),
        new Route("GET", "/raw-messages/" + rawMessageId, null, 401, 403, 403, 200),
        new Route("GET", "/raw-messages/" + rawMessageId + "/raw", null, 401, 403, 403, 200),
        new Route("POST", "/raw-messages/" + rawMessageId + "/reprocess", "{}", 401, 403, 403, 409));
    List<String> wrong = new ArrayList<>();
    for (Route r : routes) {
      String type = r.body() == null ? null : "application/json";
      check(wrong, r, "no token", h.send(r.method(), r.path(), null, type, r.body()), r.none());
      check(wrong, r, "reader", h.send(r.method(), r.path(), reader, type, r.body()), r.reader());
      check(wrong, r, "agent", h.send(r.method(), r.path(), agent, type, r.body()), r.agent());
      check(wrong, r, "admin", h.send(r.method(), r.path(), admin, type, r.body()), r.admin());
    }
    assertThat(wrong).as("routes that answered otherwise").isEmpty();
  }

  private static void check(List<String> wrong, Route r, String who, HttpResponse<String> response, int expected) {
    if (response.statusCode() != expected) {
      wrong.add(r.method() + " " + r.path() + " as " + who + ": expected " + expected + ", got "
          + response.statusCode() + " " + response.body());
    }
  }

  @Test
  void missingAndUnknownTokensAre401ProblemsWithABearerChallenge() {
    HttpResponse<String> none = h.send("GET", "/tickets", null, null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(none.body()).getInteger("status")).isEqualTo(401);

    HttpResponse<String> unknown = h.send("GET", "/tickets", "sbt_" + "A".repeat(43), null, null);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).contains("invalid_token"));
    assertThat(h.send("GET", "/tickets", "not a token at all", null, null).statusCode()).isEqualTo(401);
    HttpResponse<String> basic = send(HttpRequest.newBuilder(h.uri("/tickets"))
        .header("Authorization", "Basic YWRtaW46YWRtaW4=").build());
    assertThat(basic.statusCode()).isEqualTo(401);
  }

  @Test
  void revokedTokenIsRefusedAtOnce() {
    String token = h.createToken("short-lived", ApiRole.READER);
    assertThat(h.send("GET", "/tickets", token, null, null).statusCode()).isEqualTo(200);
    new ApiTokenRepository(h.app().pool()).revoke("short-lived").await();
    assertThat(h.send("GET", "/tickets", token, null, null).statusCode()).isEqualTo(401);
    assertThat(h.send("GET", "/health", token, null, null).body()).doesNotContain("components");
  }

  @Test
  void healthWithoutATokenSaysOnlyTheStatus() {
    HttpResponse<String> bare = h.send("GET", "/health", null, null, null);
    assertThat(bare.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(bare.body());
    assertThat(body.fieldNames()).containsExactly("status");
    assertThat(bare.body()).doesNotContain(SUPPORT).doesNotContain("mailbox");

    JsonObject detailed = new JsonObject(h.send("GET", "/health", reader, null, null).body());
    assertThat(detailed.getString("database")).isEqualTo("up");
    assertThat(detailed.getJsonObject("components").fieldNames()).contains("mailbox:support");
  }

  @Test
  void changesNeedAJsonContentType() {
    String body = "{\"priority\": \"low\"}";
    assertThat(h.send("PATCH", "/tickets/1001", agent, "text/plain", body).statusCode()).isEqualTo(415);
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/x-www-form-urlencoded", "priority=low")
        .statusCode()).isEqualTo(415);
    assertThat(h.send("PATCH", "/tickets/1001", agent, null, body).statusCode()).isEqualTo(415);
    assertThat(h.send("POST", "/contacts/" + JANE + "/phones", agent, "text/plain", "{\"phone\": \"+4930901821\"}")
        .statusCode()).isEqualTo(415);
    assertThat(h.count("select count(*) from contact_phone where phone = '+4930901821'")).isZero();
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/json; charset=utf-8", body).statusCode())
        .isEqualTo(200);
  }

  @Test
  void badAndOversizedBodiesAreRefused() {
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/json", "not json").statusCode()).isEqualTo(400);
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/json", "[1, 2]").statusCode()).isEqualTo(400);
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/json", "").statusCode()).isEqualTo(400);
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/json", "{\"assignee\": \"a\u0000b\"}")
        .statusCode()).isEqualTo(400);
    assertThat(h.send("POST", "/contacts/" + JANE + "/phones", agent, "application/json", "{\"phone\": 5}")
        .statusCode()).isEqualTo(400);
    assertThat(h.send("PATCH", "/tickets/x1001", agent, "application/json", "{}").statusCode()).isEqualTo(400);
    String huge = "{\"assignee\": \"" + "x".repeat(70_000) + "\"}";
    HttpResponse<String> tooBig = h.send("PATCH", "/tickets/1001", agent, "application/json", huge);
    assertThat(tooBig.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooBig.body()).getString("title")).isEqualTo("Request Entity Too Large");
    HttpResponse<String> bigHeader = send(h.request("/tickets").header("X-Filler", "y".repeat(10_000)).build());
    assertThat(bigHeader.statusCode()).isEqualTo(431);
    assertThat(h.send("GET", "/tickets", reader, null, null).statusCode()).as("still serving").isEqualTo(200);
  }

  @Test
  void changesAreAuditedUnderTheTokenName() {
    assertThat(h.send("PATCH", "/tickets/1001", agent, "application/json", "{\"assignee\": \"bob\"}").statusCode())
        .isEqualTo(200);
    assertThat(h.query("select actor from ticket_event where type = 'assignee-changed' order by id desc limit 1")
        .get(0).getString(0)).isEqualTo("token:agent");
  }

  @Test
  void aTakenPhoneNumberDoesNotNameItsOwner() {
    h.query("insert into contact (email, name) values ('secret.owner@example.org', 'Secret Owner') "
        + "on conflict do nothing returning id");
    h.sendJson("POST", "/contacts/secret.owner@example.org/phones", "{\"phone\": \"+44 20 7946 0958\"}");
    HttpResponse<String> taken = h.send("POST", "/contacts/" + JANE + "/phones", agent, "application/json",
        "{\"phone\": \"+44 20 7946 0958\"}");
    assertThat(taken.statusCode()).isEqualTo(409);
    assertThat(taken.body()).contains("another contact").doesNotContain("secret").doesNotContain("Owner");
  }

  @Test
  void attachmentsDownloadAsSafeTypesWithEncodedNames() {
    HttpResponse<String> r = h.send("GET", "/tickets/1001/attachments/" + attachmentId, reader, null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Content-Security-Policy")).contains("default-src 'none'; sandbox");
    assertThat(r.headers().firstValue("Content-Disposition")).contains(
        // the parser already made the quotes in the name safe; the umlauts arrive intact
        "attachment; filename=\"Gr__e _x_.html\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20_x_.html");
  }

  @Test
  void twoThousandRequestsOverTwentyConnectionsAllSucceed() throws Exception {
    int connections = 20;
    int perConnection = 100;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        done.add(pool.submit(() -> {
          // one client per worker: each keeps its own keep-alive connection
          HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
          int ok = 0;
          for (int i = 0; i < perConnection; i++) {
            String path = i % 2 == 0 ? "/tickets/1001" : "/tickets?limit=5";
            try {
              HttpResponse<String> r = client.send(HttpRequest.newBuilder(h.uri(path))
                  .header("Authorization", "Bearer " + reader).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200) {
                ok++;
              } else {
                errors.add(path + " " + r.statusCode());
              }
            } catch (Exception e) {
              errors.add(path + " " + e);
            }
          }
          return ok;
        }));
      }
      int ok = 0;
      for (Future<Integer> f : done) {
        ok += f.get(5, TimeUnit.MINUTES);
      }
      assertThat(errors).as("failed requests").isEmpty();
      assertThat(ok).isEqualTo(connections * perConnection);
    } finally {
      pool.shutdownNow();
    }
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
