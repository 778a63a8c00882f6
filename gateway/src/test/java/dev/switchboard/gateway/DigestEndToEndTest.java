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
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daily digest (issue 9): a scheduled event at notifications.digestAt, run by the scheduler at an instant the test
 * chooses (the injected time of {@code runOnce}), once per day and coordinator, nothing for a coordinator with
 * nothing to look at, and still one digest a day after a restart or a second run.
 */
class DigestEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final String JANE = "jane@example.org";
  private static final String ALICE = "alice@corp.example";
  private static final String BOB = "bob@corp.example";

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static JsonObject config(JsonObject c) {
    JsonObject box = c.getJsonArray("mailboxes").getJsonObject(0);
    box.put("agents", new JsonObject()
        .put("addresses", new JsonArray().add(ALICE).add(BOB))
        .put("trustedAuthservIds", new JsonArray().add("mx.example.com")));
    c.put("notifications", new JsonObject().put("digestAt", "08:00"));
    c.put("sla", new JsonObject().put("timeZone", BERLIN.getId()));
    return c;
  }

  private List<MimeMessage> digestsTo(String address) {
    return h.sentTo(address, "digest"::equals);
  }

  private Instant pendingDigest() {
    return h.query("select due_at from scheduled_event where kind = 'digest' and done_at is null").get(0)
        .getOffsetDateTime(0).toInstant();
  }

  @Test
  void oneDigestADayToEachCoordinatorWithSomethingToLookAtAndNoneToTheOthers() throws Exception {
    h = GatewayHarness.start(DigestEndToEndTest::config);
    h.deliver("From: Jane Doe <" + JANE + ">\r\nTo: " + SUPPORT + "\r\nSubject: Printer on fire\r\n"
        + "Message-ID: <m1@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nIt burns.\r\n");
    await("ticket opened", WAIT, () -> h.count("select count(*) from ticket") == 1);
    assertThat(h.sendJson("PATCH", "/tickets/1001", "{\"assignee\": \"alice\"}").getInteger("_status"))
        .isEqualTo(200);
    h.awaitQuiet(WAIT);

    Instant due = pendingDigest();
    ZonedDateTime local = due.atZone(BERLIN);
    assertThat(local.toLocalTime()).as("08:00 in the SLA time zone").hasToString("08:00");
    assertThat(due).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofDays(1)));

    // other events (the ticket's SLA warning) may fall before it; the digest is not due a second early
    h.app().scheduler().runOnce(due.minusSeconds(1)).await();
    assertThat(pendingDigest()).isEqualTo(due);
    Instant ran = due.plus(Duration.ofMinutes(1));
    h.app().scheduler().runOnce(ran).await();
    await("alice's digest", WAIT, () -> digestsTo(ALICE).size() == 1);
    h.awaitQuiet(WAIT);

    MimeMessage digest = digestsTo(ALICE).get(0);
    String day = local.toLocalDate().toString();
    assertThat(digest.getSubject()).isEqualTo("Daily digest " + local.getDayOfWeek().toString().substring(0, 1)
        + local.getDayOfWeek().toString().substring(1, 3).toLowerCase() + " " + day + ": 1 ticket to look at");
    assertThat((String) digest.getContent()).contains("Daily digest for " + ALICE)
        .contains("Awaiting first response (oldest first): 1")
        .contains("- [#1001] Printer on fire (normal, ").contains(", alice)")
        .contains("Open tickets by priority: critical 0, high 0, normal 1, low 0 (1 in all)");
    assertThat(digest.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(digestsTo(BOB)).as("the ticket is alice's: bob has nothing to look at").isEmpty();
    assertThat(digestsTo(JANE)).isEmpty();

    // the next day's is scheduled from the digest time, in the same transaction
    assertThat(pendingDigest()).isEqualTo(ZonedDateTime.of(local.toLocalDate().plusDays(1), local.toLocalTime(),
        BERLIN).toInstant());

    // a restart schedules nothing new; the same day run again (another row for it) mails nobody twice
    h.stopService();
    h.startService();
    assertThat(h.count("select count(*) from scheduled_event where kind = 'digest' and done_at is null"))
        .isEqualTo(1);
    h.query("insert into scheduled_event (kind, target, due_at, run_at) values ('digest', 'again', '"
        + due + "', '" + due + "')");
    assertThat(h.app().scheduler().runOnce(ran).await()).isEqualTo(1);
    h.awaitQuiet(WAIT);
    assertThat(digestsTo(ALICE)).as("once per day and coordinator").hasSize(1);
    assertThat(h.count("select count(*) from notification where event = 'digest'")).isEqualTo(1);
  }
}
