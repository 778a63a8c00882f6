package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Machine mail the classifier recognises: bounces go on the ticket of the mail that bounced, spam to its status. */
class BounceAndSpamEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String JANE = "jane@example.org";

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static String dsn(String messageId, String originalMessageId) {
    return "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\n"
        + "To: " + SUPPORT + "\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\n"
        + "Message-ID: <" + messageId + ">\r\n"
        + "Auto-Submitted: auto-replied\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
        + "--B\r\nContent-Type: text/plain\r\n\r\n"
        + "This is the mail system at host mx.example.org. Your message could not be delivered.\r\n"
        + "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        + "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        + "Final-Recipient: rfc822; " + JANE + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        + "Diagnostic-Code: smtp; 550 5.1.1 <" + JANE + ">: Recipient address rejected: User unknown\r\n\r\n"
        + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        + "From: Example IT <" + SUPPORT + ">\r\nTo: " + JANE + "\r\nSubject: [#1001] Printer on fire\r\n"
        + "Message-ID: <" + originalMessageId + ">\r\n\r\n"
        + "--B--\r\n";
  }

  @Test
  void aBounceOfOurAcknowledgmentFlagsItsTicketAndOpensNoOther() throws Exception {
    h = GatewayHarness.start();
    h.deliver("From: Jane <" + JANE + ">\r\nTo: " + SUPPORT + "\r\nSubject: Printer on fire\r\n"
        + "Message-ID: <m1@example.org>\r\n\r\nThe printer is on fire.\r\n");
    await("acknowledgment sent", WAIT, () -> h.count("select count(*) from outbox where state = 'sent'") == 1);
    String ackId = h.query("select message_id from outbox").get(0).getString(0);

    h.deliver(dsn("bounce1@mx.example.org", ackId));
    await("bounce filed", WAIT, () -> h.count("select count(*) from ticket_message where kind = 'bounce'") == 1);

    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    Row ticket = h.query("select needs_attention, attention_reason from ticket").get(0);
    assertThat(ticket.getBoolean(0)).isTrue();
    assertThat(ticket.getString(1)).isEqualTo("mail to " + JANE + " bounced (status 5.1.1)");
    assertThat(h.query("select state from outbox").get(0).getString(0)).isEqualTo("bounced");
    assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment'")).as("a bounce is never answered")
        .isEqualTo(1);
  }

  @Test
  void aBounceOfMailWeNeverSentIsKeptButFiledNowhere() {
    h = GatewayHarness.start();
    h.deliver(dsn("bounce2@mx.example.org", "someone-else@example.net"));
    await("bounce processed", WAIT, () -> h.count("select count(*) from raw_message where state = 'processed'") == 1);

    assertThat(h.count("select count(*) from ticket")).isZero();
    assertThat(h.count("select count(*) from outbox")).isZero();
    Row raw = h.query("select error, length(content) from raw_message").get(0);
    assertThat(raw.getString(0)).startsWith("set aside:");
    assertThat(raw.getInteger(1)).isPositive();
  }

  @Test
  void mailAnUpstreamFilterMarkedAsSpamGoesToTheSpamStatusUnanswered() {
    h = GatewayHarness.start();
    h.deliver("From: Winner <prize@lottery.example>\r\nTo: " + SUPPORT + "\r\nSubject: You won\r\n"
        + "Message-ID: <spam1@lottery.example>\r\nX-Spam-Flag: YES\r\nX-Spam-Status: Yes, score=12.3\r\n\r\n"
        + "Claim your prize.\r\n");
    await("ticket opened", WAIT, () -> h.count("select count(*) from ticket") == 1);
    await("processed", WAIT, () -> h.count("select count(*) from raw_message where state = 'processed'") == 1);

    assertThat(h.query("select status from ticket").get(0).getString(0)).isEqualTo("spam");
    assertThat(h.count("select count(*) from outbox")).isZero();
    assertThat(h.getJson("/tickets?status=spam").getLong("total")).isEqualTo(1);
  }
}
