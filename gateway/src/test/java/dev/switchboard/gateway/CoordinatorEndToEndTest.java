package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coordinators working from their mail client (issue 5), against the real service, GreenMail and PostgreSQL: relayed
 * replies, commands, unverified mail, per-ticket reply addresses, status updates by mail and API, reopening, CC
 * participants, and the bad input that must change nothing.
 */
class CoordinatorEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String JANE = "jane@example.org";
  private static final String CAROL = "carol@partner.example";
  private static final String ALICE = "alice@corp.example";
  private static final String AR_PASS = "Authentication-Results: mx.example.com;\r\n dkim=pass (2048-bit key)"
      + " header.d=corp.example header.s=s1;\r\n spf=pass smtp.mailfrom=alice@corp.example\r\n";
  private static final String SECRET = "test-reply-token-secret";

  private GatewayHarness h;

  /** Mail the service sent to this address; notifications to coordinators are asserted in NotificationEndToEndTest. */
  private List<MimeMessage> mailsTo(String address) {
    return h.sentTo(address, notification -> notification == null);
  }

  private void awaitQuiet() {
    h.awaitQuiet(WAIT);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static UnaryOperator<JsonObject> coordinators(boolean replyTokens) {
    return c -> {
      JsonObject box = c.getJsonArray("mailboxes").getJsonObject(0);
      box.put("agents", new JsonObject()
          .put("addresses", new JsonArray().add(ALICE))
          .put("trustedAuthservIds", new JsonArray().add("mx.example.com")));
      c.put("tickets", new JsonObject().put("replyTokenSecret", SECRET));
      if (replyTokens) {
        box.put("replyTokens", true);
      }
      return c;
    };
  }

  private static String mail(String from, String to, String messageId, String subject, String headers, String body) {
    return "From: " + from + "\r\n"
        + "To: " + to + "\r\n"
        + "Subject: " + subject + "\r\n"
        + "Message-ID: <" + messageId + ">\r\n"
        + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
        + headers
        + "\r\n" + body + "\r\n";
  }

  private static String jane(String messageId, String subject, String headers, String body) {
    return mail("Jane Doe <" + JANE + ">", SUPPORT, messageId, subject, headers, body);
  }

  private static String alice(String messageId, String subject, String headers, String body) {
    return mail("Alice Agent <" + ALICE + ">", SUPPORT, messageId, subject, headers, body);
  }

  /** Jane opens ticket 1001 and gets its acknowledgment; returns the acknowledgment's Message-ID. */
  private String openTicket() throws Exception {
    h.deliver(jane("m1@example.org", "Printer on fire", "", "The printer on floor 3 is on fire."));
    await("acknowledgment", WAIT, () -> mailsTo(JANE).size() == 1);
    return mailsTo(JANE).get(0).getMessageID();
  }

  private JsonObject ticket(long number) {
    return h.getJson("/tickets/" + number);
  }

  private List<String> kinds(long number) {
    JsonArray messages = ticket(number).getJsonArray("messages");
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      kinds.add(messages.getJsonObject(i).getString("kind"));
    }
    return kinds;
  }

  private List<String> events(String type) {
    return h.query("select actor || ' ' || coalesce(detail ->> 'from', 'null') || '->' || coalesce(detail ->> 'to', 'null') "
        + "from ticket_event "
        + "where type = '" + type + "' order by id").stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void coordinatorReplyIsRelayedToTheRequesterThreadedAndWithoutQuotedHistory() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    String ackId = openTicket();
    JsonArray awaiting = h.getJson("/tickets?awaitingFirstResponse=true").getJsonArray("items");
    assertThat(awaiting).as("the acknowledgment is not a response").hasSize(1);

    h.deliver(alice("a1@corp.example", "RE: [#1001] Printer on fire", AR_PASS + "In-Reply-To: <m1@example.org>\r\n",
        "Please switch it off at the wall.\r\n\r\nOn Wed, Jane Doe wrote:\r\n> The printer on floor 3 is on fire."));
    await("relayed reply", WAIT, () -> mailsTo(JANE).size() == 2);
    awaitQuiet();

    MimeMessage relay = mailsTo(JANE).get(1);
    assertThat(relay.getSubject()).isEqualTo("Re: [#1001] Printer on fire");
    assertThat(relay.getFrom()[0].toString()).contains(SUPPORT).doesNotContain("alice");
    assertThat(relay.getHeader("Reply-To")).as("no reply address unless the mailbox asks for it").isNull();
    assertThat(relay.getHeader("In-Reply-To", null)).isEqualTo(ackId);
    assertThat(relay.getHeader("References", null)).contains("<m1@example.org>").contains(ackId)
        .doesNotContain("a1@corp.example");
    assertThat(relay.getHeader("Auto-Submitted")).as("a person wrote it").isNull();
    String body = (String) relay.getContent();
    assertThat(body).contains("switch it off at the wall").doesNotContain("> The printer").doesNotContain(ALICE);
    assertThat(mailsTo(ALICE)).isEmpty();

    JsonObject t = ticket(1001);
    assertThat(t.getString("firstResponseAt")).isNotNull();
    assertThat(t.getString("status")).as("an answered ticket is being worked on").isEqualTo("open");
    assertThat(kinds(1001)).containsExactly("customer", "acknowledgment", "agent-mail", "agent-reply");
    assertThat(h.getJson("/tickets?awaitingFirstResponse=true").getJsonArray("items")).isEmpty();
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    assertThat(events("status-changed")).containsExactly(ALICE + " new->open");
  }

  @Test
  void commandsChangeTheTicketSendTemplatedUpdatesAndNotesStayInternal() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    openTicket();

    h.deliver(alice("a1@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#status waiting\r\n#priority high\r\n#assign bob\r\n"));
    await("status update", WAIT, () -> mailsTo(JANE).size() == 2);
    awaitQuiet();
    JsonObject t = ticket(1001);
    assertThat(t.getString("status")).isEqualTo("waiting");
    assertThat(t.getString("priority")).isEqualTo("high");
    assertThat(t.getString("assignee")).isEqualTo("bob");
    assertThat(t.getString("firstResponseAt")).as("commands alone are no response").isNull();
    MimeMessage update = mailsTo(JANE).get(1);
    assertThat(update.getSubject()).isEqualTo("Re: [#1001] Printer on fire");
    assertThat(update.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(update.getHeader("In-Reply-To", null)).isNotNull();
    assertThat(events("status-changed")).containsExactly(ALICE + " new->waiting");
    assertThat(events("priority-changed")).containsExactly(ALICE + " normal->high");
    assertThat(events("assignee-changed")).containsExactly(ALICE + " null->bob");

    h.deliver(alice("a2@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#note\r\nShe called, it is the HP one. Do not tell her about the warranty."));
    h.deliver(alice("a3@corp.example", "Re: [#1001] Printer on fire", AR_PASS, "#status on hold"));
    await("note stored", WAIT, () -> kinds(1001).contains("note"));
    awaitQuiet();
    assertThat(mailsTo(JANE)).as("a note and a silent status send nothing").hasSize(2);
    assertThat(ticket(1001).getString("status")).isEqualTo("on hold");
    JsonObject note = ticket(1001).getJsonArray("messages").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("kind").equals("note")).findFirst().orElseThrow();
    assertThat(note.getString("reply")).startsWith("She called");

    h.deliver(alice("a4@corp.example", "Re: [#1001] Printer on fire", AR_PASS, "#resolve"));
    await("resolution mail", WAIT, () -> mailsTo(JANE).size() == 3);
    assertThat(mailsTo(JANE).get(2).getSubject()).isEqualTo("Re: [#1001] Printer on fire");
    assertThat((String) mailsTo(JANE).get(2).getContent()).contains("within 14 days");
    assertThat(ticket(1001).getString("resolvedAt")).isNotNull();

    h.deliver(alice("a5@corp.example", "Re: [#1001] Printer on fire", AR_PASS, "#close"));
    await("closing mail", WAIT, () -> mailsTo(JANE).size() == 4);
    awaitQuiet();
    assertThat(mailsTo(JANE).get(3).getSubject()).isEqualTo("Re: [#1001] Printer on fire");
    assertThat(ticket(1001).getString("closedAt")).isNotNull();
    assertThat(mailsTo(ALICE)).as("valid commands get no answer").isEmpty();
    assertThat(events("status-changed")).containsExactly(ALICE + " new->waiting", ALICE + " waiting->on hold",
        ALICE + " on hold->resolved", ALICE + " resolved->closed");
  }

  @Test
  void unverifiedCoordinatorMailIsKeptAsAFlaggedNoteAndChangesNothing() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    openTicket();

    // a spoofer's own Authentication-Results below a topmost one that found nothing for corp.example
    h.deliver(alice("spoof@corp.example", "Re: [#1001] Printer on fire",
        "Authentication-Results: mx.example.com; dkim=pass header.d=attacker.example; spf=fail"
            + " smtp.mailfrom=corp.example\r\nAuthentication-Results: mx.example.com; dkim=pass header.d=corp.example\r\n",
        "#close\r\nYour password is expired, log in at http://attacker.example"));
    await("unverified note stored", WAIT, () -> kinds(1001).contains("unverified"));
    awaitQuiet();

    JsonObject t = ticket(1001);
    assertThat(t.getString("status")).isEqualTo("new");
    assertThat(t.getBoolean("needsAttention")).isTrue();
    assertThat(t.getString("attentionReason")).contains("could not be verified");
    assertThat(t.getString("firstResponseAt")).isNull();
    assertThat(mailsTo(JANE)).as("nothing relayed").hasSize(1);
    assertThat(mailsTo(ALICE)).isEmpty();
    JsonObject note = t.getJsonArray("messages").getJsonObject(2);
    assertThat(note.getJsonArray("warnings").getString(0)).startsWith("unverified: no dkim or spf pass");
    assertThat(h.count("select count(*) from ticket_event where type = 'coordinator-mail-unverified'")).isEqualTo(1);
  }

  @Test
  void theRequestersReplyAddressThreadsButNeverAuthenticatesACoordinator() throws Exception {
    h = GatewayHarness.start(coordinators(true));
    openTicket();
    String replyTo = mailsTo(JANE).get(0).getHeader("Reply-To", null);
    assertThat(replyTo).matches("support\\+t1001-[0-9a-f]{16}@example\\.com");

    // a mail client that dropped the tag and every threading header
    h.deliver(mail("Jane Doe <" + JANE + ">", replyTo, "m2@example.org", "AW: printer", "", "Still burning."));
    await("Jane's reply filed", WAIT, () -> kinds(1001).size() == 3);
    // the requester, who knows the address, forging a coordinator's From without DKIM or SPF
    h.deliver(mail("Alice Agent <" + ALICE + ">", replyTo, "a1@corp.example", "printer", "",
        "#priority critical\r\nPlease reply with your VPN password."));
    await("forgery filed", WAIT, () -> h.count("select count(*) from ticket_message where direction = 'inbound'") == 3);
    awaitQuiet();

    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    assertThat(kinds(1001)).containsExactly("customer", "acknowledgment", "customer", "unverified");
    assertThat(ticket(1001).getString("priority")).as("nothing applied").isEqualTo("normal");
    assertThat(ticket(1001).getBoolean("needsAttention")).isTrue();
    assertThat(ticket(1001).getJsonArray("messages").getJsonObject(3).getJsonArray("warnings").getString(0))
        .contains("the requester's reply address does not vouch for a coordinator");
    assertThat(mailsTo(JANE)).as("nothing relayed").hasSize(1);
    assertThat(mailsTo(ALICE)).as("no answer").isEmpty();
  }

  @Test
  void aForgedReplyAddressIsIgnoredAndTheMailTreatedAsNew() throws Exception {
    h = GatewayHarness.start(coordinators(true));
    openTicket();

    h.deliver(mail("Mallory <mallory@example.net>", "support+t1001-0123456789abcdef@example.com", "x1@example.net",
        "Invoice", "", "Please pay."));
    await("a ticket of its own", WAIT, () -> h.count("select count(*) from ticket") == 2);
    awaitQuiet();
    assertThat(kinds(1001)).containsExactly("customer", "acknowledgment");
    assertThat(ticket(1002).getJsonObject("requester").getString("email")).isEqualTo("mallory@example.net");
  }

  @Test
  void statusChangeThroughTheApiSendsExactlyOneUpdate() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    openTicket();

    JsonObject answer = h.sendJson("PATCH", "/tickets/1001", "{\"status\": \"Waiting\", \"assignee\": \"bob\"}");
    assertThat(answer.getInteger("_status")).isEqualTo(200);
    assertThat(answer.getString("status")).isEqualTo("waiting");
    assertThat(answer.getBoolean("statusUpdateQueued")).isTrue();
    await("status update", WAIT, () -> mailsTo(JANE).size() == 2);
    assertThat(h.sendJson("PATCH", "/tickets/1001", "{\"status\": \"waiting\"}").getBoolean("statusUpdateQueued"))
        .as("the same status again").isFalse();
    awaitQuiet();
    assertThat(mailsTo(JANE)).hasSize(2);
    assertThat(events("status-changed")).containsExactly("token:test-admin new->waiting");

    assertThat(h.sendJson("PATCH", "/tickets/1001", "{\"status\": \"sleeping\"}").getString("detail"))
        .contains("status must be one of [new, open, waiting, on hold, resolved, closed, spam]");
    assertThat(h.sendJson("PATCH", "/tickets/1001", "{\"colour\": \"red\"}").getString("detail"))
        .contains("unknown field 'colour'");
    assertThat(h.sendJson("PATCH", "/tickets/1001", "not json").getInteger("_status")).isEqualTo(400);
    assertThat(h.sendJson("PATCH", "/tickets/4242", "{\"status\": \"open\"}").getInteger("_status")).isEqualTo(404);
    assertThat(ticket(1001).getString("status")).isEqualTo("waiting");
  }

  @Test
  void requesterReplyReopensAResolvedTicketAndAfterTheWindowOpensANewOne() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    openTicket();
    h.sendJson("PATCH", "/tickets/1001", "{\"status\": \"resolved\"}");
    await("resolution mail", WAIT, () -> mailsTo(JANE).size() == 2);

    h.deliver(jane("m2@example.org", "Re: [#1001] Printer on fire: resolved", "", "It caught fire again."));
    await("reopened", WAIT, () -> "open".equals(ticket(1001).getString("status")));
    awaitQuiet();
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    assertThat(ticket(1001).getString("resolvedAt")).isNull();
    assertThat(events("status-changed")).containsExactly("token:test-admin new->resolved", JANE + " resolved->open");
    assertThat(mailsTo(JANE)).as("'open' is silent").hasSize(2);

    // resolved long ago: the reply starts a new ticket that refers to the old one
    h.query("update ticket set status = 'resolved', resolved_at = now() - interval '30 days'");
    h.deliver(jane("m3@example.org", "Re: [#1001] Printer on fire", "", "Now the scanner is on fire."));
    await("new ticket", WAIT, () -> h.count("select count(*) from ticket") == 2);
    await("its acknowledgment", WAIT, () -> mailsTo(JANE).size() == 3);
    awaitQuiet();
    JsonObject next = ticket(1002);
    assertThat(next.getString("subject")).isEqualTo("Re: Printer on fire");
    assertThat(next.getLong("followsTicket")).isEqualTo(1001L);
    assertThat(mailsTo(JANE).get(2).getSubject()).isEqualTo("Re: [#1002] Printer on fire");
    assertThat(ticket(1001).getString("status")).isEqualTo("resolved");
  }

  @Test
  void ccParticipantsAreRecordedKeptInformedAndTheirRepliesThread() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    h.deliver(jane("m1@example.org", "Printer on fire", "Cc: Carol <" + CAROL + ">, " + ALICE + "\r\n",
        "The printer is on fire."));
    await("acknowledgment", WAIT, () -> mailsTo(JANE).size() == 1);
    awaitQuiet();
    assertThat(h.query("select email from ticket_participant").stream().map(r -> r.getString(0)).toList())
        .as("coordinators are not participants").containsExactly(CAROL);

    h.deliver(alice("a1@corp.example", "Re: [#1001] Printer on fire", AR_PASS, "We are on it."));
    await("relay to Jane, copied to Carol", WAIT, () -> mailsTo(CAROL).size() == 1);
    MimeMessage relay = mailsTo(CAROL).get(0);
    assertThat(((InternetAddress) relay.getRecipients(jakarta.mail.Message.RecipientType.CC)[0]).getAddress())
        .isEqualTo(CAROL);
    assertThat(((InternetAddress) relay.getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getAddress())
        .isEqualTo(JANE);

    h.sendJson("PATCH", "/tickets/1001", "{\"status\": \"resolved\"}");
    await("resolution copied to Carol", WAIT, () -> mailsTo(CAROL).size() == 2);
    h.deliver(mail("Carol <" + CAROL + ">", SUPPORT, "c1@partner.example", "Re: [#1001] Printer on fire: resolved",
        "In-Reply-To: " + relay.getMessageID() + "\r\n", "Not fixed here."));
    await("Carol's reply reopens the ticket", WAIT, () -> "open".equals(ticket(1001).getString("status")));
    awaitQuiet();
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    List<Row> last = h.query("select kind, from_address from ticket_message where direction = 'inbound' "
        + "order by id desc limit 1");
    assertThat(last.get(0).getString(0)).isEqualTo("customer");
    assertThat(last.get(0).getString(1)).isEqualTo(CAROL);
  }

  @Test
  void malformedCommandsGetAShortAnswerAndChangeNothing() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    openTicket();

    h.deliver(alice("a1@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#staus waiting\r\n#priority urgent\r\nHi Jane, we are on it."));
    await("notice to the coordinator", WAIT, () -> mailsTo(ALICE).size() == 1);
    awaitQuiet();

    MimeMessage notice = mailsTo(ALICE).get(0);
    assertThat(notice.getSubject()).isEqualTo("[#1001] Printer on fire");
    assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    assertThat(notice.getHeader("In-Reply-To", null)).isEqualTo("<a1@corp.example>");
    assertThat((String) notice.getContent()).contains("unknown command '#staus'").contains("unknown priority 'urgent'");
    JsonObject t = ticket(1001);
    assertThat(t.getString("status")).isEqualTo("new");
    assertThat(t.getString("priority")).isEqualTo("normal");
    assertThat(mailsTo(JANE)).as("nothing relayed").hasSize(1);
    assertThat(kinds(1001)).as("the mail is kept").containsExactly("customer", "acknowledgment", "agent-mail",
        "agent-notice");
    assertThat(h.query("select state from raw_message order by id").stream().map(r -> r.getString(0)).toList())
        .containsOnly("processed");
  }

  @Test
  void aCommandForATicketThatDoesNotExistIsAnsweredAndKept() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    openTicket();

    h.deliver(alice("a1@corp.example", "Re: [#4242] Old thing", AR_PASS, "#close"));
    await("notice to the coordinator", WAIT, () -> mailsTo(ALICE).size() == 1);
    awaitQuiet();

    assertThat((String) mailsTo(ALICE).get(0).getContent()).contains("ticket [#4242] does not exist");
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    assertThat(ticket(1001).getString("status")).isEqualTo("new");
    Row raw = h.query("select state, error, length(content) from raw_message order by id desc limit 1").get(0);
    assertThat(raw.getString(0)).isEqualTo("processed");
    assertThat(raw.getString(1)).contains("does not exist");
    assertThat(raw.getInteger(2)).isPositive();
  }

  @Test
  void aCoordinatorsNewMailThatNamesNoTicketOpensOneLikeAnyonesRequest() throws Exception {
    h = GatewayHarness.start(coordinators(false));
    h.deliver(alice("a1@corp.example", "My laptop will not boot", AR_PASS, "It shows a black screen."));
    await("ticket", WAIT, () -> h.count("select count(*) from ticket") == 1);
    await("acknowledgment", WAIT, () -> mailsTo(ALICE).size() == 1);
    assertThat(ticket(1001).getJsonObject("requester").getString("email")).isEqualTo(ALICE);
  }
}
