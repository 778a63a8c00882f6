package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.gateway.testing.TestClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The service's decisions take their time from the injected clock (issue 9): the due time in a notification is
 * counted to it, and a waiting ticket's reminder is scheduled from it.
 */
class InjectedClockEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String ALICE = "alice@corp.example";

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void notificationsShowTheDueTimeAndTimersRunFromTheInjectedClock() throws Exception {
    TestClock clock = new TestClock(Instant.now());
    h = GatewayHarness.start(c -> {
      c.getJsonArray("mailboxes").getJsonObject(0).put("agents", new JsonObject()
          .put("addresses", new JsonArray().add(ALICE)));
      return c;
    }, clock);
    h.deliver("From: Jane Doe <jane@example.org>\r\nTo: " + SUPPORT + "\r\nSubject: Printer on fire\r\n"
        + "Message-ID: <m1@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nIt burns.\r\n");
    await("told", WAIT, () -> h.sentTo(ALICE, n -> n != null).size() == 1);

    MimeMessage n = h.sentTo(ALICE, x -> x != null).get(0);
    Instant created = h.query("select created_at from ticket").get(0).getOffsetDateTime(0).toInstant();
    String due = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT)
        .format(created.plus(Duration.ofHours(4)).atZone(ZoneOffset.UTC));
    assertThat((String) n.getContent()).as("normal priority, 24/7 in UTC: four hours, counted to the injected now")
        .contains("Due:       first response by " + due + " UTC (in 4 h)");

    clock.advance(Duration.ofDays(10));
    assertThat(h.sendJson("PATCH", "/tickets/1001", "{\"status\": \"waiting\"}").getInteger("_status"))
        .isEqualTo(200);
    List<io.vertx.sqlclient.Row> reminder =
        h.query("select due_at from scheduled_event where kind = 'waiting-reminder' and done_at is null");
    assertThat(reminder).hasSize(1);
    assertThat(reminder.get(0).getOffsetDateTime(0).toInstant()).as("business days from the injected now")
        .isAfter(Instant.now().plus(Duration.ofDays(10)));
  }
}
