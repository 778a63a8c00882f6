package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.gateway.telephony.AmiConnectionVerticle;
import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.telephony.testing.AmiReplayServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The real service, a real PostgreSQL and Asterisk-Java's real ManagerConnection logged in over a loopback socket to
 * {@link AmiReplayServer}, which replays AMI transcripts recorded from Asterisk 22: calls become call records and land
 * on tickets, visible through the HTTP API.
 */
class PhoneIntakeEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PBX_SENDER = "asterisk@pbx.example.com";

  private GatewayHarness h;
  private AmiReplayServer pbx;
  private final AtomicReference<JsonObject> telephony = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (pbx != null) {
      pbx.close();
    }
  }

  /** The corpus PBX's dialplan (telephony's ami/README.md), pointed at the replay server. */
  private static JsonObject telephonyFor(AmiReplayServer server, String secret) {
    JsonArray agents = new JsonArray();
    String[][] names = {{"2001", "Alice Agent"}, {"2002", "Bob Agent"}, {"2003", "Carol Agent"}, {"2004", "Dave Agent"},
        {"2005", "Erin Agent"}, {"2006", "Frank Agent"}};
    for (String[] a : names) {
      agents.add(new JsonObject().put("extension", a[0]).put("name", a[1]));
    }
    return new JsonObject()
        .put("defaultRegion", "US")
        .put("voicemail", new JsonObject().put("senders", new JsonArray().add(PBX_SENDER)))
        .put("tickets", new JsonObject().put("mailbox", "support"))
        .put("pbxs", new JsonArray().add(new JsonObject()
            .put("name", "office")
            .put("host", server.host())
            .put("port", server.port())
            .put("username", "gateway")
            .put("secret", secret)
            .put("dids", new JsonArray().add("18005550100").add("18005550200"))
            .put("agents", agents)
            .put("reconnectMaxSeconds", 2)));
  }

  private void start(AmiReplayServer.Builder replay, String secret) throws Exception {
    pbx = replay.build().start();
    telephony.set(telephonyFor(pbx, secret));
    h = GatewayHarness.start(this::withTelephony);
  }

  private JsonObject withTelephony(JsonObject config) {
    JsonObject t = telephony.get();
    return t == null ? config : config.put("telephony", t);
  }

  private long count(String sql) {
    return h.count(sql);
  }

  private void awaitCalls(int n) {
    await(n + " call(s) stored", WAIT, () -> count("select count(*) from call") >= n);
  }

  private JsonObject ticket(long number) {
    return h.getJson("/tickets/" + number);
  }

  private static List<JsonObject> entries(JsonObject ticket, String kind) {
    return ticket.getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(m -> kind.equals(m.getString("kind"))).toList();
  }

  @Test
  void missedCallOpensACallBackTicketWithTheCallOnItsTimeline() throws Exception {
    start(AmiReplayServer.builder().transcripts("missed-noanswer"), "s3cret");
    awaitCalls(1);

    assertThat(count("select count(*) from ticket")).isEqualTo(1);
    JsonObject t = ticket(1001);
    assertThat(t.getString("channel")).isEqualTo("phone");
    assertThat(t.getString("subject")).isEqualTo("Call back +49 30 901820 (Lena Fischer)");
    JsonObject entry = entries(t, "call").get(0);
    assertThat(entry.getString("channel")).isEqualTo("phone");
    assertThat(entry.getString("direction")).isEqualTo("inbound");
    assertThat(entry.getString("text")).startsWith("Missed call from +49 30 901820 (Lena Fischer), rang 10 s");
    JsonObject call = entry.getJsonObject("call");
    assertThat(call.getString("disposition")).isEqualTo("missed");
    assertThat(call.getJsonObject("caller").getString("e164")).isEqualTo("+4930901820");
    assertThat(call.getLong("ringSeconds")).isEqualTo(10);
    assertThat(call.getLong("ticket")).isEqualTo(1001);

    JsonObject calls = h.getJson("/calls?disposition=missed");
    assertThat(calls.getLong("total")).isEqualTo(1);
    assertThat(calls.getJsonArray("items").getJsonObject(0).getString("pbx")).isEqualTo("office");
    assertThat(h.getJson("/calls?disposition=answered").getLong("total")).isZero();
    assertThat(h.getJson("/calls?disposition=nonsense").getInteger("_status")).isEqualTo(400);
    await("pbx healthy", WAIT, () -> "up".equals(pbxHealth().getString("status")));
    assertThat(h.receivedBy(PBX_SENDER)).as("phone tickets send no mail").isEmpty();
  }

  @Test
  void repeatedMissedCallsFromOneNumberJoinOneTicket() throws Exception {
    start(AmiReplayServer.builder().transcripts("missed-noanswer", "missed-noanswer-again"), "s3cret");
    awaitCalls(2);

    assertThat(count("select count(*) from ticket")).isEqualTo(1);
    assertThat(entries(ticket(1001), "call")).hasSize(2);
    assertThat(count("select count(distinct contact_id) from call")).as("one contact for the number").isEqualTo(1);
  }

  @Test
  void answeredCallIsLoggedOnTheCallersOpenEmailTicketOnceTheirPhoneIsKnown() throws Exception {
    pbx = AmiReplayServer.builder().transcripts("answered").build().start();
    h = GatewayHarness.start(this::withTelephony);
    h.deliver("From: Jane Doe <jane@example.org>\r\nTo: " + SUPPORT + "\r\nSubject: VPN drops\r\n"
        + "Message-ID: <vpn-1@example.org>\r\n\r\nThe VPN drops every 5 minutes.\r\n");
    await("email ticket", WAIT, () -> count("select count(*) from ticket") == 1);

    assertThat(post("/contacts/jane@example.org/phones", "{\"phone\": \"not a number\"}").statusCode()).isEqualTo(400);
    assertThat(post("/contacts/nobody@example.org/phones", "{\"phone\": \"+1 415 555 0123\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> added = post("/contacts/Jane@Example.org/phones", "{\"phone\": \"(415) 555-0123\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    assertThat(new JsonObject(added.body()).getString("phone")).isEqualTo("+14155550123");

    h.stopService();
    telephony.set(telephonyFor(pbx, "s3cret"));
    h.startService();
    awaitCalls(1);

    assertThat(count("select count(*) from ticket")).as("no new ticket").isEqualTo(1);
    JsonObject t = ticket(1001);
    assertThat(t.getString("channel")).isEqualTo("email");
    JsonObject call = entries(t, "call").get(0).getJsonObject("call");
    assertThat(call.getString("disposition")).isEqualTo("answered");
    assertThat(call.getJsonObject("answeredBy")).isEqualTo(
        new JsonObject().put("extension", "2001").put("name", "Alice Agent"));
    assertThat(call.getJsonObject("contact").getString("email")).isEqualTo("jane@example.org");
    assertThat(entries(t, "call").get(0).getString("text"))
        .startsWith("Call from +1 415-555-0123 (Jane Doe) answered by Alice Agent (2001) after 3 s, talked 8 s");
  }

  @Test
  void internalCallIsRecordedWithoutATicket() throws Exception {
    start(AmiReplayServer.builder().transcripts("internal-call", "answered"), "s3cret");
    awaitCalls(2);

    assertThat(count("select count(*) from ticket")).isZero();
    JsonObject internal = h.getJson("/calls").getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(c -> "internal".equals(c.getString("direction"))).findFirst().orElseThrow();
    assertThat(internal.getValue("ticket")).isNull();
    assertThat(internal.getString("disposition")).isEqualTo("answered");
    assertThat(count("select count(*) from contact")).as("an unknown answered caller still becomes a contact")
        .isEqualTo(1);
  }

  @Test
  void wrongAmiSecretMarksThePbxDownWithOneClearErrorAndKeepsRetrying() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(AmiConnectionVerticle.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      start(AmiReplayServer.builder().transcripts("answered"), "not-the-secret");
      await("three login attempts", WAIT,
          () -> pbx.actions().stream().filter("Login"::equalsIgnoreCase).count() >= 3);

      JsonObject health = pbxHealth();
      assertThat(health.getString("status")).isEqualTo("down");
      assertThat(health.getString("detail")).isEqualTo("login rejected for AMI user 'gateway': wrong username or secret");
      assertThat(h.getJson("/health").getString("status")).isEqualTo("degraded");
      List<ILoggingEvent> errors = logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
      assertThat(errors).as("logged once per failure streak").hasSize(1);
      assertThat(errors.get(0).getFormattedMessage()).contains("pbx login rejected pbx=office").contains("username=gateway");
      assertThat(count("select count(*) from call")).isZero();
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void pbxDisappearingMidCallIsReconnectedAndTheCallIsNotLost() throws Exception {
    start(AmiReplayServer.builder().transcripts("missed-noanswer", "answered").dropConnectionAfter(30), "s3cret");
    awaitCalls(2);

    assertThat(pbx.connectionCount()).as("connections accepted").isEqualTo(2);
    JsonObject missed = h.getJson("/calls?disposition=missed").getJsonArray("items").getJsonObject(0);
    assertThat(missed.getLong("ringSeconds")).isEqualTo(10);
    assertThat(missed.getBoolean("midCall")).isFalse();
    await("pbx healthy again", WAIT, () -> "up".equals(pbxHealth().getString("status")));
  }

  @Test
  void garbledFrameIsSkippedAndTheCallsAroundItAreFiled() throws Exception {
    start(AmiReplayServer.builder().transcripts("queue-answered", "queue-abandoned").garbledFrameAfter(40), "s3cret");
    awaitCalls(2);

    JsonArray items = h.getJson("/calls").getJsonArray("items");
    assertThat(items.stream().map(JsonObject.class::cast).map(c -> c.getString("disposition")))
        .containsExactlyInAnyOrder("answered", "abandoned");
    assertThat(count("select count(*) from ticket where channel = 'phone'")).as("abandoned call: call back").isEqualTo(1);
    await("skipped event counted", WAIT, () -> pbxHealth().getString("detail").matches(".*skipped [1-9].*"));
  }

  @Test
  void voicemailMailFromThePbxIsFiledWithItsRecordingOnTheCallBackTicket() throws Exception {
    start(AmiReplayServer.builder().transcripts("voicemail-noanswer"), "s3cret");
    awaitCalls(1);
    assertThat(count("select count(*) from ticket")).isEqualTo(1);

    String wav = Base64.getMimeEncoder().encodeToString("RIFF....WAVEfmt fake recording".getBytes());
    h.deliver("Date: Tue, 24 Nov 2026 00:39:00 +0000\r\n"
        + "From: \"Asterisk PBX\" <" + PBX_SENDER + ">\r\n"
        + "To: \"Help desk\" <" + SUPPORT + ">\r\n"
        + "Subject: [PBX]: New message 1 in mailbox 2002\r\n"
        + "Message-ID: <Asterisk-1-1804289383-2002-4242@pbx>\r\n"
        + "X-Asterisk-CallerID: +34915550188\r\n"
        + "X-Asterisk-CallerIDName: Carlos\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"----voicemail_12002\"\r\n\r\n"
        + "This is a multi-part message in MIME format.\r\n\r\n"
        + "------voicemail_12002\r\n"
        + "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + "Dear Help desk:\r\n\r\n\tJust wanted to let you know you were just left a 0:06 long message\r\n\r\n"
        + "------voicemail_12002\r\n"
        + "Content-Type: audio/x-wav; name=\"msg0000.wav\"\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Description: Voicemail sound attachment.\r\n"
        + "Content-Disposition: attachment; filename=\"msg0000.wav\"\r\n\r\n"
        + wav + "\r\n\r\n------voicemail_12002--\r\n");
    await("voicemail mail processed", WAIT, () -> count("select count(*) from raw_message where state = 'processed'") == 1);

    assertThat(count("select count(*) from ticket")).as("no email ticket for the voicemail").isEqualTo(1);
    JsonObject t = ticket(1001);
    assertThat(entries(t, "call")).hasSize(1);
    JsonObject voicemail = entries(t, "voicemail").get(0);
    assertThat(voicemail.getString("text")).startsWith("Voicemail from +34 915 55 01 88 (Carlos), recording attached.");
    assertThat(voicemail.getJsonArray("attachments").getJsonObject(0).getString("filename")).isEqualTo("msg0000.wav");
    assertThat(count("select count(*) from outbox")).as("the PBX gets no acknowledgment").isZero();
  }

  private JsonObject pbxHealth() {
    JsonObject components = h.getJson("/health").getJsonObject("components");
    JsonObject pbxHealth = components.getJsonObject("pbx:office");
    return pbxHealth == null ? new JsonObject().put("status", "unknown").put("detail", "") : pbxHealth;
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(
        h.request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
