package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Edges of the first-response clock (issue 9): a ticket opened by a voicemail mail alone is due from its creation;
 * a ticket opened by machine mail waits for nobody until a person writes on it.
 */
class SlaEdgesEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PBX_SENDER = "asterisk@pbx.example.com";

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static JsonObject config(JsonObject c) {
    return c.put("telephony", new JsonObject()
        .put("defaultRegion", "US")
        .put("voicemail", new JsonObject().put("senders", new JsonArray().add(PBX_SENDER)))
        .put("tickets", new JsonObject().put("mailbox", "support")));
  }

  @Test
  void aTicketOpenedByAVoicemailAloneIsDueFromItsCreation() {
    h = GatewayHarness.start(SlaEdgesEndToEndTest::config);
    h.deliver("Date: Tue, 24 Nov 2026 00:39:00 +0000\r\nFrom: \"Asterisk PBX\" <" + PBX_SENDER + ">\r\n"
        + "To: " + SUPPORT + "\r\nSubject: [PBX]: New message 1 in mailbox 2002\r\n"
        + "Message-ID: <Asterisk-1-1804289383-2002-4242@pbx>\r\nX-Asterisk-CallerID: +34915550188\r\n"
        + "X-Asterisk-CallerIDName: Carlos\r\n\r\nYou were just left a 0:06 long message\r\n");
    await("voicemail ticket", WAIT, () -> h.count("select count(*) from ticket_message where kind = 'voicemail'") == 1);

    assertThat(h.count("select count(*) from ticket where channel = 'phone' "
        + "and first_response_due_at = created_at + interval '4 hours'"))
        .as("normal priority, 24/7: four hours from creation, without waiting for another change").isEqualTo(1);
    assertThat(h.count("select count(*) from scheduled_event where kind = 'sla-breach' and done_at is null"))
        .isEqualTo(1);
  }

  @Test
  void aTicketOpenedByMachineMailHasNoTargetUntilThePersonWrites() {
    h = GatewayHarness.start(SlaEdgesEndToEndTest::config);
    h.deliver("From: Monitoring <monitor@example.org>\r\nTo: " + SUPPORT + "\r\nSubject: Disk 91% full on fs01\r\n"
        + "Message-ID: <alert1@example.org>\r\nAuto-Submitted: auto-generated\r\n"
        + "Date: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nDisk /srv is 91% full.\r\n");
    await("ticket opened", WAIT, () -> h.count("select count(*) from ticket") == 1);
    h.awaitQuiet(WAIT);

    assertThat(h.query("select kind from ticket_message").get(0).getString(0)).as("filed as machine mail")
        .isIn("auto-reply", "automated");
    assertThat(h.count("select count(*) from ticket where first_response_due_at is null "
        + "and next_response_due_at is null")).as("no SLA target for machine mail").isEqualTo(1);
    assertThat(h.count("select count(*) from scheduled_event where kind like 'sla-%'")).isZero();
    assertThat(h.getJson("/tickets?sla=due-soon").getJsonArray("items")).isEmpty();

    // the person behind the address writes on the ticket: now someone waits, from their mail on
    h.deliver("From: Sam Admin <monitor@example.org>\r\nTo: " + SUPPORT + "\r\n"
        + "Subject: Re: [#1001] Disk 91% full on fs01\r\nMessage-ID: <sam1@example.org>\r\n"
        + "In-Reply-To: <alert1@example.org>\r\nDate: Fri, 04 Dec 2026 10:05:00 +0000\r\n\r\n"
        + "This one is real, please look.\r\n");
    await("the clock starts", WAIT, () -> h.count("select count(*) from ticket t where first_response_due_at = "
        + "(select m.created_at from ticket_message m where m.ticket_id = t.id and m.kind = 'customer') "
        + "+ interval '4 hours'") == 1);
  }
}
