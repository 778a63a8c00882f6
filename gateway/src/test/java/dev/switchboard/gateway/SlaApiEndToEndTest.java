package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SLA side of the HTTP API against the real service: due times in the ticket JSON, {@code sla=breached|due-soon}
 * soonest due first, the {@code needsAttention} filter, and clearing the flag with PATCH.
 */
class SlaApiEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void openTickets(int n) {
    for (int i = 1; i <= n; i++) {
      h.deliver("From: Requester " + i + " <r" + i + "@example.org>\r\nTo: " + SUPPORT + "\r\nSubject: Problem " + i
          + "\r\nMessage-ID: <sla" + i + "@example.org>\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\r\nHelp " + i
          + "\r\n");
      int expected = i;
      await("ticket " + i, WAIT, () -> h.count("select count(*) from ticket") == expected);
    }
  }

  private static List<Long> numbers(JsonObject page) {
    List<Long> out = new ArrayList<>();
    JsonArray items = page.getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      out.add(items.getJsonObject(i).getLong("number"));
    }
    return out;
  }

  @Test
  void listsBreachedAndDueSoonTicketsSoonestDueFirstAndFiltersAndClearsAttention() {
    h = GatewayHarness.start();
    openTickets(5);
    // due times as the response clock stores them (most overdue: 1002)
    h.query("update ticket set first_response_due_at = now() - interval '10 minutes' where number = 1001");
    h.query("update ticket set first_response_due_at = now() - interval '2 hours' where number = 1002");
    h.query("update ticket set first_response_due_at = now() + interval '30 minutes', "
        + "next_response_due_at = now() + interval '20 minutes' where number = 1003");
    h.query("update ticket set first_response_due_at = now() + interval '5 hours' where number = 1004");
    h.query("update ticket set first_response_due_at = now() - interval '1 day', status = 'resolved' "
        + "where number = 1005");
    h.query("update ticket set needs_attention = true, attention_reason = 'sla-breached: first-response' "
        + "where number in (1001, 1002)");

    JsonObject breached = h.getJson("/tickets?sla=breached");
    assertThat(breached.getInteger("_status")).isEqualTo(200);
    assertThat(numbers(breached)).as("overdue, most overdue first, resolved left out").containsExactly(1002L, 1001L);
    assertThat(breached.getLong("total")).isEqualTo(2);
    assertThat(numbers(h.getJson("/tickets?sla=due-soon"))).as("due within the hour").containsExactly(1003L);

    JsonObject ticket = h.getJson("/tickets/1003");
    assertThat(ticket.getString("firstResponseDueAt")).isNotNull();
    assertThat(ticket.getString("nextResponseDueAt")).isNotNull();
    assertThat(ticket.containsKey("firstResponseAt")).isTrue();
    assertThat(ticket.getString("firstResponseAt")).isNull();
    assertThat(h.getJson("/tickets/1005").getString("nextResponseDueAt")).isNull();

    assertThat(numbers(h.getJson("/tickets?needsAttention=true&sort=oldest"))).containsExactly(1001L, 1002L);
    assertThat(numbers(h.getJson("/tickets?needsAttention=false&sort=oldest")))
        .containsExactly(1003L, 1004L, 1005L);
    assertThat(numbers(h.getJson("/tickets?needsAttention=true&sla=breached"))).containsExactly(1002L, 1001L);

    JsonObject cleared = h.sendJson("PATCH", "/tickets/1002", "{\"needsAttention\": false}");
    assertThat(cleared.getInteger("_status")).isEqualTo(200);
    assertThat(cleared.getBoolean("needsAttention")).isFalse();
    assertThat(cleared.getString("attentionReason")).isNull();
    assertThat(h.count("select count(*) from ticket_event e join ticket t on t.id = e.ticket_id "
        + "where t.number = 1002 and e.type = 'attention-cleared' and e.actor like 'token:%'")).isEqualTo(1);
    assertThat(numbers(h.getJson("/tickets?needsAttention=true"))).containsExactly(1001L);

    JsonObject both = h.sendJson("PATCH", "/tickets/1001", "{\"needsAttention\": false, \"priority\": \"high\"}");
    assertThat(both.getInteger("_status")).isEqualTo(200);
    assertThat(both.getBoolean("needsAttention")).isFalse();
    assertThat(both.getString("priority")).isEqualTo("high");

    assertThat(h.sendJson("PATCH", "/tickets/1003", "{\"needsAttention\": true}").getInteger("_status"))
        .as("people clear the flag, the gateway sets it").isEqualTo(400);
    assertThat(h.getJson("/tickets?sla=late").getInteger("_status")).isEqualTo(400);
    assertThat(h.getJson("/tickets?needsAttention=maybe").getInteger("_status")).isEqualTo(400);
  }
}
