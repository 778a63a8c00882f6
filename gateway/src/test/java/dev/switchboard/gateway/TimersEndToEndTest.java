package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's timers end to end: SLA warning and breach mails to the coordinators and the escalation address, holds that
 * end, waiting reminders and auto-resolution. Time moves by running the scheduler at a chosen instant, never by sleeping
 * for it.
 */
class TimersEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String JANE = "jane@example.org";
  private static final String ALICE = "alice@corp.example";
  private static final String BOB = "bob@corp.example";
  private static final String LEAD = "lead@corp.example";
  private static final String AR_PASS = "Authentication-Results: mx.example.com;\r\n dkim=pass (2048-bit key)"
      + " header.d=corp.example header.s=s1;\r\n spf=pass smtp.mailfrom=alice@corp.example\r\n";

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static UnaryOperator<JsonObject> config(JsonObject tickets) {
    return c -> {
      JsonObject box = c.getJsonArray("mailboxes").getJsonObject(0);
      box.put("agents", new JsonObject()
          .put("addresses", new JsonArray().add(ALICE))
          .put("domains", new JsonArray().add("corp.example"))
          .put("notify", new JsonArray().add(BOB))
          .put("trustedAuthservIds", new JsonArray().add("mx.example.com")));
      box.put("replyTokens", true);
      c.put("tickets", tickets.copy().put("replyTokenSecret", "test-reply-token-secret"));
      c.put("sla", new JsonObject().put("escalateTo", new JsonArray().add(LEAD)));
      return c;
    };
  }

  private static String mail(String from, String messageId, String subject, String headers, String body) {
    return "From: " + from + "\r\nTo: " + SUPPORT + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId
        + ">\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n" + headers + "\r\n" + body + "\r\n";
  }

  /** Mail sent to this address with this notification event, or with none when {@code notification} is null. */
  private List<MimeMessage> sent(String address, String notification) {
    return h.sentTo(address, n -> notification == null ? n == null : notification.equals(n));
  }

  private void outboxDrained() {
    await("outbox drained", WAIT, () -> h.count("select count(*) from outbox where state = 'pending'") == 0);
  }

  private void openTicket() {
    h.deliver(mail("Jane Doe <" + JANE + ">", "m1@example.org", "Printer on fire", "",
        "The printer on floor 3 is on fire."));
    await("both coordinators told", WAIT,
        () -> sent(ALICE, "opened").size() == 1 && sent(BOB, "opened").size() == 1);
    await("first-response due time stored", WAIT,
        () -> h.count("select count(*) from ticket where first_response_due_at is not null") == 1);
    outboxDrained();
  }

  private Instant firstResponseDue() {
    return h.query("select first_response_due_at from ticket where number = 1001").get(0)
        .getOffsetDateTime(0).toInstant();
  }

  private int run(Instant at) {
    return h.app().scheduler().runOnce(at).await();
  }

  @Test
  void aWarningThenOneBreachMailPerCoordinatorAndOneToTheEscalationAddress() throws Exception {
    h = GatewayHarness.start(config(new JsonObject()));
    openTicket();
    Instant due = firstResponseDue();

    // normal priority, 24/7: 4 h; the warning at 80 %, 48 minutes before
    assertThat(run(due.minus(Duration.ofMinutes(47)))).isEqualTo(1);
    outboxDrained();
    await("warned", WAIT, () -> sent(ALICE, "sla-warning").size() == 1 && sent(BOB, "sla-warning").size() == 1);
    assertThat(sent(LEAD, "sla-warning")).as("escalation is for breaches").isEmpty();
    String warning = (String) sent(ALICE, "sla-warning").get(0).getContent();
    assertThat(warning).contains("Response due soon on [#1001]").contains("First response due soon: due ")
        .contains("in 47 min");

    assertThat(run(due.plus(Duration.ofMinutes(12)))).isEqualTo(1);
    outboxDrained();
    await("breach told", WAIT, () -> sent(ALICE, "sla-breach").size() == 1 && sent(BOB, "sla-breach").size() == 1
        && sent(LEAD, "sla-breach").size() == 1);
    MimeMessage breach = sent(BOB, "sla-breach").get(0);
    assertThat(breach.getSubject()).isEqualTo("[#1001] Printer on fire");
    assertThat(breach.getHeader("Reply-To", null)).startsWith("support+c1001-");
    assertThat(breach.getHeader("In-Reply-To", null)).as("in Bob's thread about the ticket")
        .isEqualTo(sent(BOB, "opened").get(0).getMessageID());
    assertThat((String) breach.getContent()).contains("Response target missed on [#1001]")
        .contains("First response target missed: due ").contains("12 min late").contains("Jane Doe <" + JANE + ">");
    MimeMessage escalated = sent(LEAD, "sla-breach").get(0);
    assertThat(escalated.getHeader("Reply-To", null)).as("not a coordinator: no coordinator reply address").isNull();
    assertThat((String) escalated.getContent()).contains("12 min late");

    // a replay, a later run, a second instance: nothing more
    assertThat(run(due.plus(Duration.ofHours(3)))).isZero();
    assertThat(h.count("select count(*) from notification where event in ('sla-warning', 'sla-breach')"))
        .as("2 warnings, 3 breaches").isEqualTo(5);
    assertThat(sent(JANE, "sla-breach")).isEmpty();
    assertThat(h.getJson("/tickets/1001").getBoolean("needsAttention")).isTrue();

    // Alice has seen it: her command clears the flag, audited with her name
    h.deliver(mail("Alice Agent <" + ALICE + ">", "a1@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#seen\r\n#note on it"));
    await("flag cleared", WAIT, () -> !h.getJson("/tickets/1001").getBoolean("needsAttention"));
    assertThat(h.count("select count(*) from ticket_event where type = 'attention-cleared' and actor = '" + ALICE
        + "' and detail->>'reason' = 'sla-breached: first-response'")).isEqualTo(1);
  }

  @Test
  void aHoldUntilADateEndsOnThatDayAndTellsTheCoordinators() throws Exception {
    h = GatewayHarness.start(config(new JsonObject()));
    openTicket();
    h.deliver(mail("Alice Agent <" + ALICE + ">", "a2@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#hold until 2026-12-10\r\n#note waiting for the new fuser"));
    await("on hold", WAIT, () -> "on hold".equals(h.getJson("/tickets/1001").getString("status")));
    assertThat(h.count("select count(*) from scheduled_event where kind = 'hold-ends' and done_at is null"
        + " and due_at = '2026-12-10T00:00:00Z'")).as("the day's start in the SLA zone (UTC)").isEqualTo(1);
    assertThat(h.count("select count(*) from scheduled_event where kind like 'sla-%' and done_at is null"))
        .as("the clock pauses on hold").isZero();

    assertThat(run(Instant.parse("2026-12-09T23:59:00Z"))).isZero();
    assertThat(run(Instant.parse("2026-12-10T00:00:30Z"))).isEqualTo(1);
    assertThat(h.getJson("/tickets/1001").getString("status")).isEqualTo("open");
    assertThat(h.count("select count(*) from ticket_event where type = 'status-changed' and actor = 'system'"
        + " and detail->>'to' = 'open'")).isEqualTo(1);
    outboxDrained();
    await("both told", WAIT, () -> sent(ALICE, "hold-ended").size() == 1 && sent(BOB, "hold-ended").size() == 1);
    assertThat((String) sent(BOB, "hold-ended").get(0).getContent()).contains("Hold ended on [#1001]")
        .contains("The hold until 2026-12-10 is over");
    // the reopened ticket's SLA clock runs again (from the real time of the reopening), but the hold is done
    run(Instant.parse("2026-12-10T00:01:00Z"));
    assertThat(h.count("select count(*) from scheduled_event where kind = 'hold-ends' and done_at is null")).isZero();
    assertThat(h.count("select count(*) from notification where event = 'hold-ended'")).isEqualTo(2);

    // the same by the API
    assertThat(h.send("PATCH", "/tickets/1001", h.adminToken(), "application/json", "{\"holdUntil\":\"2026-12-20\"}")
        .statusCode()).as("a date without the status").isEqualTo(400);
    JsonObject held = h.sendJson("PATCH", "/tickets/1001", "{\"status\":\"on hold\",\"holdUntil\":\"2026-12-20\"}");
    assertThat(held.getString("status")).isEqualTo("on hold");
    assertThat(h.count("select count(*) from scheduled_event where kind = 'hold-ends' and done_at is null"
        + " and due_at = '2026-12-20T00:00:00Z'")).isEqualTo(1);
  }

  private Instant pendingDue(String kind) {
    return h.query("select due_at from scheduled_event where kind = '" + kind + "' and done_at is null").get(0)
        .getOffsetDateTime(0).toInstant();
  }

  private List<String> bodiesTo(String address) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : sent(address, null)) {
      out.add((String) m.getContent());
    }
    return out;
  }

  @Test
  void aWaitingTicketRemindsTheRequesterOnceThenIsResolved() throws Exception {
    h = GatewayHarness.start(config(new JsonObject().put("waitingReminderDays", 2).put("autoResolveDays", 5)));
    openTicket();
    Instant asked = Instant.now();
    h.deliver(mail("Alice Agent <" + ALICE + ">", "a3@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#status waiting"));
    await("waiting", WAIT, () -> "waiting".equals(h.getJson("/tickets/1001").getString("status")));
    outboxDrained();
    Instant reminderDue = pendingDue("waiting-reminder");
    assertThat(reminderDue).as("two business days (24/7: 48 h)").isBetween(asked.plus(Duration.ofHours(48)),
        Instant.now().plus(Duration.ofHours(48)));
    int before = sent(JANE, null).size();

    assertThat(run(reminderDue.minusSeconds(60))).isZero();
    assertThat(run(reminderDue.plusSeconds(1))).isEqualTo(1);
    outboxDrained();
    await("reminded", WAIT, () -> sent(JANE, null).size() == before + 1);
    MimeMessage reminder = sent(JANE, null).get(before);
    assertThat(reminder.getSubject()).as("the requester's one subject").isEqualTo("Re: [#1001] Printer on fire");
    assertThat(reminder.getHeader("In-Reply-To", null)).as("in her thread").isNotNull();
    assertThat(reminder.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat((String) reminder.getContent()).contains("still waiting for your answer on [#1001]")
        .contains("resolved in 5 business days");

    Instant resolveDue = pendingDue("auto-resolve");
    assertThat(resolveDue).isEqualTo(reminderDue.plusSeconds(1).plus(Duration.ofDays(5)));
    assertThat(run(resolveDue.minusSeconds(60))).isZero();
    assertThat(run(resolveDue)).isEqualTo(1);
    assertThat(h.getJson("/tickets/1001").getString("status")).isEqualTo("resolved");
    assertThat(h.count("select count(*) from ticket_event where actor = 'system' and (type = 'auto-resolved'"
        + " or (type = 'status-changed' and detail->>'to' = 'resolved'))")).isEqualTo(2);
    outboxDrained();
    await("resolution mail", WAIT, () -> sent(JANE, null).size() == before + 2);
    assertThat(bodiesTo(JANE).get(before + 1)).contains("resolved");
    assertThat(run(resolveDue.plus(Duration.ofDays(30)))).as("nothing left").isZero();
    assertThat(h.count("select count(*) from ticket_event where type = 'waiting-reminder-sent'")).isEqualTo(1);
  }

  @Test
  void theRequestersMailWhileWaitingRestartsTheCountInsteadOfReminding() throws Exception {
    h = GatewayHarness.start(config(new JsonObject()));
    openTicket();
    h.deliver(mail("Alice Agent <" + ALICE + ">", "a4@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#status waiting"));
    await("waiting", WAIT, () -> "waiting".equals(h.getJson("/tickets/1001").getString("status")));
    Instant firstDue = pendingDue("waiting-reminder");
    h.deliver(mail("Jane Doe <" + JANE + ">", "m2@example.org", "Re: [#1001] Printer on fire", "",
        "I will look at the display tomorrow."));
    await("her mail filed", WAIT, () -> h.count("select count(*) from ticket_message where kind = 'customer'") == 2);
    outboxDrained();
    int before = sent(JANE, null).size();

    assertThat(run(firstDue.plusSeconds(1))).isEqualTo(1);
    assertThat(h.count("select count(*) from ticket_event where type = 'waiting-reminder-sent'")).isZero();
    Instant restarted = pendingDue("waiting-reminder");
    assertThat(restarted).as("two days from her mail").isAfter(firstDue);
    assertThat(sent(JANE, null)).hasSize(before);
  }
}
