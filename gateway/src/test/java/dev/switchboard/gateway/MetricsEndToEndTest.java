package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.telephony.testing.AmiReplayServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The management port as Prometheus sees it: a real scrape over HTTP while real mail flows through the service. */
class MetricsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TOKEN = "scrape-token-for-tests";
  private static final String JANE = "jane@example.org";

  private final HttpClient http = HttpClient.newHttpClient();
  private GatewayHarness h;
  private AmiReplayServer pbx;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (pbx != null) {
      pbx.close();
    }
  }

  private static String mail(int n) {
    return "From: Jane Doe <" + JANE + ">\r\nTo: " + SUPPORT + "\r\nSubject: Problem " + n + "\r\nMessage-ID: <metrics-"
        + n + "@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nBody " + n + "\r\n";
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.app().managementPort() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sample lines of the Prometheus text format, by series ({@code name{labels}}) to value. */
  private Map<String, Double> scrape() {
    try {
      HttpResponse<String> r = get("/metrics", "Bearer " + TOKEN);
      assertThat(r.statusCode()).as("scrape status").isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      Map<String, Double> series = new HashMap<>();
      for (String line : r.body().split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
      return series;
    } catch (Exception e) {
      throw new IllegalStateException("scrape failed", e);
    }
  }

  private double value(String series) {
    return scrape().getOrDefault(series, 0.0);
  }

  @Test
  void countersMoveAsMailFlowsAndTheScrapeNeedsTheToken() throws Exception {
    h = GatewayHarness.start(json -> json.put("management", new JsonObject().put("port", 0).put("token", TOKEN)));
    assertThat(h.app().managementPort()).isPositive();
    await("first mailbox cycle", WAIT,
        () -> value("switchboard_mailbox_last_success_timestamp_seconds{mailbox=\"support\"}") > 0);
    Map<String, Double> before = scrape();
    assertThat(before.getOrDefault("switchboard_mail_fetched_total{mailbox=\"support\"}", 0.0)).isZero();
    assertThat(before.keySet())
        .anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""))
        .anyMatch(k -> k.startsWith("jvm_threads_live_threads"))
        .anyMatch(k -> k.startsWith("switchboard_db_pool_connections"));

    h.deliver(mail(1));
    h.deliver(mail(2));
    await("two acknowledgments received", WAIT, () -> h.receivedBy(JANE).size() >= 2);
    await("acknowledgment latency recorded twice", WAIT,
        () -> value("switchboard_acknowledgment_latency_seconds_count") >= 2);

    Map<String, Double> after = scrape();
    assertThat(after.get("switchboard_mail_fetched_total{mailbox=\"support\"}")).isEqualTo(2);
    assertThat(after.get("switchboard_mail_committed_total{mailbox=\"support\"}")).isEqualTo(2);
    assertThat(after.get("switchboard_mail_processed_total{mailbox=\"support\",outcome=\"new_ticket\"}")).isEqualTo(2);
    assertThat(after.get("switchboard_outbox_sends_total{kind=\"acknowledgment\",outcome=\"sent\"}")).isEqualTo(2);
    assertThat(after.get("switchboard_acknowledgment_latency_seconds_count")).isEqualTo(2);
    assertThat(after.get("switchboard_acknowledgment_latency_seconds_bucket{le=\"60.0\"}")).isEqualTo(2);
    assertThat(after.get("switchboard_outbox_depth")).isZero();
    assertThat(after.get("switchboard_mailbox_oldest_unprocessed_age_seconds{mailbox=\"support\"}")).isZero();
    assertThat(after.get("switchboard_component_up{component=\"mailbox:support\"}")).isEqualTo(1);
    assertThat(after.get("switchboard_component_up{component=\"smtp\"}")).isEqualTo(1);
    assertThat(after.get("switchboard_db_pool_max")).isPositive();

    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Bearer wrong-" + TOKEN).statusCode()).isEqualTo(401);
    assertThat(get("/other", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
  }

  /** Series of {@code http_server_requests_seconds_count} by method, route and status, as Prometheus orders labels. */
  private static String requests(String method, String route, int status) {
    return "http_server_requests_seconds_count{method=\"" + method + "\",route=\"" + route + "\",status=\"" + status
        + "\"}";
  }

  @Test
  void httpRequestsAreCountedByRouteTemplateAndStatusNeverByRawPath() throws Exception {
    h = GatewayHarness.start(json -> json.put("management", new JsonObject().put("port", 0).put("token", TOKEN)));
    h.deliver(mail(7));
    await("a ticket", WAIT, () -> h.getJson("/tickets").getInteger("total", 0) == 1);
    long number = h.getJson("/tickets").getJsonArray("items").getJsonObject(0).getLong("number");

    assertThat(h.send("GET", "/tickets/" + number, h.adminToken(), null, null).statusCode()).isEqualTo(200);
    assertThat(h.send("GET", "/tickets/" + number, h.adminToken(), null, null).statusCode()).isEqualTo(200);
    assertThat(h.send("GET", "/tickets/987654", h.adminToken(), null, null).statusCode()).isEqualTo(404);
    assertThat(h.send("GET", "/tickets/" + number, null, null, null).statusCode()).isEqualTo(401);
    assertThat(h.send("GET", "/no/such/path/4242", h.adminToken(), null, null).statusCode()).isEqualTo(404);
    assertThat(h.send("PATCH", "/tickets/" + number, h.adminToken(), "application/json", "{\"bogus\": 1}")
        .statusCode()).isEqualTo(400);

    String ok = requests("GET", "/tickets/{number}", 200);
    await("requests recorded", WAIT, () -> value(ok) == 2
        && value(requests("PATCH", "/tickets/{number}", 400)) == 1);
    Map<String, Double> m = scrape();
    assertThat(m.get(requests("GET", "/tickets/{number}", 404))).isEqualTo(1);
    assertThat(m.get(requests("GET", "/tickets/{number}", 401))).isEqualTo(1);
    assertThat(m.get(requests("GET", "unmatched", 404))).isEqualTo(1);
    assertThat(m.get(requests("GET", "/tickets", 200))).isGreaterThanOrEqualTo(2);
    assertThat(m.get(ok.replace("_count", "_sum"))).isPositive();
    assertThat(m.keySet().stream().filter(k -> k.startsWith("http_server_requests")))
        .isNotEmpty()
        .noneMatch(k -> k.contains("/" + number) || k.contains("987654") || k.contains("4242"));
  }

  @Test
  void callsAreCountedByDispositionAndALostPbxConnectionAsAReconnect() throws Exception {
    pbx = AmiReplayServer.builder().transcripts("missed-noanswer", "answered").dropConnectionAfter(30).build().start();
    JsonObject telephony = new JsonObject()
        .put("defaultRegion", "US")
        .put("tickets", new JsonObject().put("mailbox", "support"))
        .put("pbxs", new JsonArray().add(new JsonObject().put("name", "office").put("host", pbx.host())
            .put("port", pbx.port()).put("username", "gateway").put("secret", "s3cret")
            .put("dids", new JsonArray().add("18005550100")).put("reconnectMaxSeconds", 2)));
    h = GatewayHarness.start(json -> json.put("telephony", telephony)
        .put("management", new JsonObject().put("port", 0).put("token", TOKEN)));

    await("two calls counted", WAIT, () -> value("switchboard_calls_total{disposition=\"missed\",pbx=\"office\"}") == 1
        && value("switchboard_calls_total{disposition=\"answered\",pbx=\"office\"}") == 1);
    await("pbx up again", WAIT, () -> value("switchboard_component_up{component=\"pbx:office\"}") == 1);
    Map<String, Double> m = scrape();
    assertThat(m.get("switchboard_ami_reconnects_total{pbx=\"office\"}")).isEqualTo(1);
    assertThat(m.get("switchboard_ami_events_total{pbx=\"office\",type=\"HangupEvent\"}")).isPositive();
  }
}
