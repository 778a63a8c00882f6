package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.agent.ReplyToken;
import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.intake.ResponseTemplates;
import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.gateway.notify.CoordinatorNotifier;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.telephony.testing.AmiReplayServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Coordinators are told by mail (issue 9): new tickets, replies, missed calls; each coordinator once, in one thread per
 * ticket, with their own reply address; their answers relay to the requester; their out-of-office replies are filed.
 */
class NotificationEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String JANE = "jane@example.org";
  private static final String ALICE = "alice@corp.example";
  private static final String BOB = "bob@corp.example";
  private static final String AR_PASS = "Authentication-Results: mx.example.com;\r\n dkim=pass (2048-bit key)"
      + " header.d=corp.example header.s=s1;\r\n spf=pass smtp.mailfrom=alice@corp.example\r\n";
  private static final String SECRET = "test-reply-token-secret";

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

  private static UnaryOperator<JsonObject> coordinators(JsonObject telephony) {
    return c -> {
      JsonObject box = c.getJsonArray("mailboxes").getJsonObject(0);
      box.put("agents", new JsonObject()
          .put("addresses", new JsonArray().add(ALICE))
          .put("domains", new JsonArray().add("corp.example"))
          .put("notify", new JsonArray().add(BOB))
          .put("trustedAuthservIds", new JsonArray().add("mx.example.com")));
      box.put("replyTokens", true);
      c.put("tickets", new JsonObject().put("replyTokenSecret", SECRET));
      c.put("notifications", new JsonObject().put("ticketUrl", "https://desk.example.com/api/tickets/{number}"));
      if (telephony != null) {
        c.put("telephony", telephony);
      }
      return c;
    };
  }

  private static String mail(String from, String to, String messageId, String subject, String headers, String body) {
    return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + messageId + ">\r\n"
        + "Date: Fri, 04 Dec 2026 10:00:00 +0000\r\n" + headers + "\r\n" + body + "\r\n";
  }

  /** Notifications the service sent to this address, one per Message-ID, in arrival order. */
  private List<MimeMessage> notificationsTo(String address) {
    return h.sentTo(address, notification -> notification != null && !"receipt".equals(notification));
  }

  private List<MimeMessage> receiptsTo(String address) {
    return h.sentTo(address, "receipt"::equals);
  }

  private List<MimeMessage> mailsTo(String address) {
    return h.sentTo(address, notification -> notification == null);
  }

  private void awaitQuiet() {
    h.awaitQuiet(WAIT);
  }

  private void openTicket() {
    h.deliver(mail("Jane Doe <" + JANE + ">", SUPPORT, "m1@example.org", "Printer on fire",
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n",
        "--b1\r\nContent-Type: text/plain\r\n\r\nThe printer on floor 3 is on fire.\r\n"
            + "--b1\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=\"smoke.jpg\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQSkZJRgABAQ==\r\n--b1--"));
    await("both coordinators told", WAIT,
        () -> notificationsTo(ALICE).size() == 1 && notificationsTo(BOB).size() == 1);
  }

  private static String header(MimeMessage m, String name) throws Exception {
    return m.getHeader(name, null);
  }

  /** The text of a notification: the whole body, or its first part when files are attached. */
  private static String text(MimeMessage m) throws Exception {
    Object content = m.getContent();
    if (content instanceof String s) {
      return s;
    }
    return (String) ((Multipart) content).getBodyPart(0).getContent();
  }

  /** The attached files of a mail by file name, with their decoded bytes, in order. */
  private static Map<String, byte[]> attachments(MimeMessage m) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (m.getContent() instanceof Multipart mixed) {
      for (int i = 1; i < mixed.getCount(); i++) {
        BodyPart part = mixed.getBodyPart(i);
        assertThat(part.getDisposition()).isEqualTo(Part.ATTACHMENT);
        try (InputStream in = part.getInputStream()) {
          files.put(part.getFileName(), in.readAllBytes());
        }
      }
    }
    return files;
  }

  @Test
  void aNewMailTicketTellsEachCoordinatorOnceWithTheirOwnReplyAddressAndNeverTheRequester() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    awaitQuiet();

    for (String coordinator : List.of(ALICE, BOB)) {
      MimeMessage n = notificationsTo(coordinator).get(0);
      assertThat(n.getSubject()).isEqualTo("[#1001] Printer on fire");
      assertThat(n.getFrom()[0].toString()).isEqualTo("Example IT <" + SUPPORT + ">");
      assertThat(Arrays.stream(n.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()))
          .as("the coordinator alone: Reply all cannot reach the requester").containsExactly(coordinator);
      assertThat(n.getRecipients(Message.RecipientType.CC)).isNull();
      String replyTo = header(n, "Reply-To");
      assertThat(replyTo).startsWith("support+c1001-").endsWith("@example.com")
          .isEqualTo(new ReplyToken(SECRET).coordinatorAddress(SUPPORT, 1001, coordinator));
      assertThat(header(n, "Auto-Submitted")).isEqualTo("auto-generated");
      assertThat(header(n, "In-Reply-To")).as("the first one is the root of the thread").isNull();
      String body = text(n);
      assertThat(attachments(n)).as("the requester's file, the same bytes")
          .containsOnlyKeys("smoke.jpg").hasEntrySatisfying("smoke.jpg",
              bytes -> assertThat(bytes).isEqualTo(Base64.getDecoder().decode("/9j/4AAQSkZJRgABAQ==")));
      assertThat(n.getContentType()).startsWith("multipart/mixed");
      assertThat(body).contains("New ticket on [#1001]").contains("The printer on floor 3 is on fire.")
          .contains("Jane Doe <" + JANE + ">").contains("Channel:   email").contains("Status:    new")
          .contains("Priority:  normal").contains("Assignee:  unassigned").contains("smoke.jpg")
          .contains("https://desk.example.com/api/tickets/1001").contains("#status");
    }
    assertThat(notificationsTo(ALICE).get(0).getMessageID()).isNotEqualTo(notificationsTo(BOB).get(0).getMessageID());
    assertThat(notificationsTo(JANE)).isEmpty();
    assertThat(mailsTo(JANE)).as("the acknowledgment only").hasSize(1);
    assertThat(mailsTo(JANE).get(0).getSubject()).isEqualTo("Re: [#1001] Printer on fire");
    assertThat(h.count("select count(*) from notification where outbox_id is not null")).isEqualTo(2);
  }

  @Test
  void replyingToTheNotificationRelaysToTheRequesterInHerOneThread() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    MimeMessage n = notificationsTo(ALICE).get(0);

    // no Authentication-Results: the coordinator's own reply address is what vouches for her
    h.deliver(mail("Alice Agent <" + ALICE + ">", header(n, "Reply-To"), "a1@corp.example",
        "Re: [#1001] Printer on fire", "In-Reply-To: " + n.getMessageID() + "\r\nReferences: " + n.getMessageID()
            + "\r\n", "Please switch it off at the wall.\r\n\r\nOn Fri, Example IT wrote:\r\n> New ticket"));
    await("relayed to the requester", WAIT, () -> mailsTo(JANE).size() == 2);
    awaitQuiet();

    MimeMessage relay = mailsTo(JANE).get(1);
    assertThat(relay.getSubject()).as("one subject, no Re: Re:").isEqualTo("Re: [#1001] Printer on fire");
    assertThat((String) relay.getContent()).contains("switch it off at the wall").doesNotContain("New ticket");
    assertThat(relay.getHeader("References", null)).doesNotContain("sb.n.");
    assertThat(h.getJson("/tickets/1001").getString("firstResponseAt")).isNotNull();
    assertThat(notificationsTo(ALICE)).as("not told about her own reply").hasSize(1);
    assertThat(notificationsTo(BOB)).as("a coordinator's reply is no event for the others").hasSize(1);
  }

  @Test
  void theFirstResponseClockRunsFromOpeningToTheFirstCoordinatorReplyAndAgainAfterTheRequestersNext() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    await("first-response due time stored", WAIT,
        () -> h.count("select count(*) from ticket where first_response_due_at is not null") == 1);
    // normal priority, 24/7 by default: four hours after opening; a warning and a breach are scheduled
    assertThat(h.count("select count(*) from ticket where first_response_due_at = created_at + interval '4 hours'"))
        .isEqualTo(1);
    assertThat(h.count("select count(*) from scheduled_event where done_at is null")).isEqualTo(2);

    JsonObject high = h.sendJson("PATCH", "/tickets/1001", "{\"priority\": \"high\"}");
    assertThat(high.getInteger("_status")).isEqualTo(200);
    assertThat(h.count("select count(*) from ticket where first_response_due_at = created_at + interval '1 hour'"))
        .as("a higher priority brings the due time forward").isEqualTo(1);
    assertThat(h.getJson("/tickets?sla=due-soon").getJsonArray("items")).hasSize(1);

    MimeMessage n = notificationsTo(ALICE).get(0);
    h.deliver(mail("Alice Agent <" + ALICE + ">", header(n, "Reply-To"), "a1@corp.example",
        "Re: [#1001] Printer on fire", "In-Reply-To: " + n.getMessageID() + "\r\n", "Please switch it off."));
    await("the first response stops the clock", WAIT,
        () -> h.count("select count(*) from ticket where first_response_at is not null "
            + "and first_response_due_at is null") == 1);
    assertThat(h.count("select count(*) from scheduled_event where done_at is null")).isZero();

    h.deliver(mail("Jane Doe <" + JANE + ">", SUPPORT, "m2@example.org", "Re: [#1001] Printer on fire",
        "In-Reply-To: <m1@example.org>\r\n", "It is off now. What next?"));
    await("the requester's reply starts the next-response clock", WAIT,
        () -> h.count("select count(*) from ticket where next_response_due_at is not null") == 1);
  }

  @Test
  void aRequesterReplyOnAnAssignedTicketTellsOnlyTheAssigneeInTheSameThread() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    h.deliver(mail("Alice Agent <" + ALICE + ">", SUPPORT, "a1@corp.example", "Re: [#1001] Printer on fire", AR_PASS,
        "#assign bob"));
    await("assigned", WAIT, () -> "bob".equals(h.getJson("/tickets/1001").getString("assignee")));

    h.deliver(mail("Jane Doe <" + JANE + ">", SUPPORT, "m2@example.org", "Re: [#1001] Printer on fire", "",
        "It is the HP one.\r\n\r\nOn Fri, Example IT wrote:\r\n> thank you for contacting"));
    await("the assignee told", WAIT, () -> notificationsTo(BOB).size() == 2);
    awaitQuiet();

    assertThat(notificationsTo(ALICE)).hasSize(1);
    MimeMessage first = notificationsTo(BOB).get(0);
    MimeMessage reply = notificationsTo(BOB).get(1);
    assertThat(reply.getSubject()).isEqualTo(first.getSubject());
    assertThat(header(reply, "In-Reply-To")).isEqualTo(first.getMessageID());
    assertThat(header(reply, "References")).isEqualTo(first.getMessageID());
    assertThat(text(reply)).contains("New reply on [#1001]").contains("It is the HP one.")
        .doesNotContain("thank you for contacting").contains("Assignee:  bob");
  }

  @Test
  void commandsThatChangeTheTicketGetAReceiptInTheCoordinatorsThreadAndCommandsThatChangeNothingDoNot()
      throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    MimeMessage n = notificationsTo(ALICE).get(0);

    h.deliver(mail("Alice Agent <" + ALICE + ">", header(n, "Reply-To"), "a1@corp.example",
        "Re: [#1001] Printer on fire", "In-Reply-To: " + n.getMessageID() + "\r\nReferences: " + n.getMessageID()
            + "\r\n", "#priority high\r\n#assign bob\r\n\r\nPlease switch it off at the wall."));
    await("receipt", WAIT, () -> receiptsTo(ALICE).size() == 1);

    MimeMessage receipt = receiptsTo(ALICE).get(0);
    assertThat(receipt.getSubject()).as("her one subject for the ticket").isEqualTo(n.getSubject());
    assertThat(header(receipt, "In-Reply-To")).isEqualTo("<a1@corp.example>");
    assertThat(header(receipt, "References")).startsWith(n.getMessageID()).endsWith("<a1@corp.example>");
    assertThat(header(receipt, "Reply-To")).isEqualTo(header(n, "Reply-To"));
    assertThat(Arrays.stream(receipt.getAllRecipients()).map(a -> ((InternetAddress) a).getAddress()))
        .containsExactly(ALICE);
    assertThat(text(receipt)).contains("Your commands changed [#1001]:")
        .contains("- Status: new -> open").contains("- Priority: normal -> high").contains("- Assignee: none -> bob")
        .contains("https://desk.example.com/api/tickets/1001");

    // the same priority again changes nothing: no receipt
    h.deliver(mail("Alice Agent <" + ALICE + ">", header(n, "Reply-To"), "a2@corp.example",
        "Re: [#1001] Printer on fire", "In-Reply-To: <a1@corp.example>\r\n", "#priority high\r\n#note checked"));
    await("second mail processed", WAIT, () -> h.count("select count(*) from ticket_message where kind = 'note'") == 1);
    awaitQuiet();
    assertThat(receiptsTo(ALICE)).hasSize(1);
    assertThat(receiptsTo(BOB)).isEmpty();
    assertThat(receiptsTo(JANE)).isEmpty();
  }

  @Test
  void noReceiptWhenTurnedOff() throws Exception {
    h = GatewayHarness.start(c -> coordinators(null).apply(c).put("notifications",
        new JsonObject().put("receipts", false)));
    openTicket();
    MimeMessage n = notificationsTo(ALICE).get(0);
    h.deliver(mail("Alice Agent <" + ALICE + ">", header(n, "Reply-To"), "a1@corp.example",
        "Re: [#1001] Printer on fire", "In-Reply-To: " + n.getMessageID() + "\r\n", "#priority high"));
    await("applied", WAIT, () -> "high".equals(h.getJson("/tickets/1001").getString("priority")));
    awaitQuiet();
    assertThat(receiptsTo(ALICE)).isEmpty();
  }

  @Test
  void aCoordinatorsOutOfOfficeReplyToANotificationIsFiledNeverRelayedNorAnswered() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    MimeMessage n = notificationsTo(ALICE).get(0);

    h.deliver(mail("Alice Agent <" + ALICE + ">", header(n, "Reply-To"), "ooo@corp.example",
        "Automatic reply: [#1001] Printer on fire", "Auto-Submitted: auto-replied\r\nIn-Reply-To: "
            + n.getMessageID() + "\r\n", "I am out of the office until Monday."));
    await("filed", WAIT, () -> h.count("select count(*) from ticket_message where kind = 'auto-reply'") == 1);
    awaitQuiet();

    assertThat(mailsTo(JANE)).as("the acknowledgment only: nothing relayed").hasSize(1);
    assertThat(mailsTo(ALICE)).as("nothing answered").isEmpty();
    assertThat(notificationsTo(ALICE)).hasSize(1);
    assertThat(notificationsTo(BOB)).as("an out-of-office is no event").hasSize(1);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
  }

  @Test
  void aReplayedActivityIsNotToldTwice() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    awaitQuiet();
    long outbox = h.count("select count(*) from outbox");
    long ticketId = h.count("select id from ticket where number = 1001");
    long rawId = h.count("select id from raw_message");

    // what a crash between commit and the next step, or a retried transaction, would replay
    SwitchboardConfig config = h.app().config();
    TicketDesk desk = new TicketDesk(config.tickets(), new SubjectTag(config.tickets().subjectTag()),
        new ResponseTemplates(null), new ReplyToken(SECRET), config.ownAddresses(), config.mailboxes());
    CoordinatorNotifier notifier = new CoordinatorNotifier(
        desk, config.notifications(), config.http(), config.mailboxes(), Clock.systemUTC());
    TicketActivity again = new TicketActivity(NotificationEvent.OPENED, ticketId, "raw:" + rawId, JANE, JANE,
        "email", "The printer on floor 3 is on fire.", List.of());
    for (int i = 0; i < 2; i++) {
      h.app().pool().withTransaction(tx -> notifier.notify(tx, again)).await();
    }
    assertThat(h.count("select count(*) from outbox")).isEqualTo(outbox);
    assertThat(h.count("select count(*) from notification")).isEqualTo(2);

    TicketActivity other = new TicketActivity(NotificationEvent.FLAGGED, ticketId, "raw:" + rawId, null, JANE,
        "email", "", List.of());
    h.app().pool().withTransaction(tx -> notifier.notify(tx, other)).await();
    assertThat(h.count("select count(*) from outbox")).as("another event is told").isEqualTo(outbox + 2);
  }

  @Test
  void aMissedCallTellsTheCoordinators() throws Exception {
    pbx = AmiReplayServer.builder().transcripts("missed-noanswer").build().start();
    h = GatewayHarness.start(coordinators(telephony(pbx)));
    await("both coordinators told", WAIT,
        () -> notificationsTo(ALICE).size() == 1 && notificationsTo(BOB).size() == 1);

    MimeMessage n = notificationsTo(ALICE).get(0);
    assertThat(n.getSubject()).isEqualTo("[#1001] Call back +49 30 901820 (Lena Fischer)");
    assertThat((String) n.getContent()).contains("Missed call on [#1001]")
        .contains("Missed call from +49 30 901820 (Lena Fischer), rang 10 s").contains("Channel:   phone")
        .contains("From:      +49 30 901820 (Lena Fischer)").contains("Time: 20");
    assertThat(header(n, "Reply-To")).startsWith("support+c1001-");
    assertThat(h.count("select count(*) from notification where event = 'missed-call'")).isEqualTo(2);
  }

  private static String dsn(String messageId, String subject, String rejected, String originalMessageId) {
    return "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: " + SUPPORT + "\r\n"
        + "Subject: " + subject + "\r\nMessage-ID: <" + messageId + ">\r\nAuto-Submitted: auto-replied\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
        + "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
        + "Final-Recipient: rfc822; " + rejected + "\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        + "From: Example IT <" + SUPPORT + ">\r\nTo: " + rejected + "\r\nSubject: [#1001] Printer on fire\r\n"
        + "Message-ID: " + originalMessageId + "\r\n\r\n--B--\r\n";
  }

  @Test
  void aStrangerOrABounceFlagsAndTellsButABouncedNotificationTellsNobody() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    openTicket();
    h.deliver(mail("Mallory <mallory@evil.example>", SUPPORT, "s1@evil.example", "Re: [#1001] Printer on fire", "",
        "Please send me the invoice."));
    await("flag told", WAIT, () -> notificationsTo(ALICE).size() == 2 && notificationsTo(BOB).size() == 2);
    MimeMessage flagged = notificationsTo(ALICE).get(1);
    assertThat(text(flagged)).contains("Needs attention on [#1001]")
        .contains("Please send me the invoice.").contains("mallory@evil.example").contains("Flagged:");

    // Exchange puts the original subject, tag included, into its report: it threads to the ticket
    h.deliver(dsn("d1@mx.example.org", "Undeliverable: [#1001] Printer on fire", BOB,
        notificationsTo(BOB).get(0).getMessageID()));
    await("bounce filed", WAIT, () -> h.count("select count(*) from ticket_message where kind = 'bounce'") == 1);
    awaitQuiet();
    assertThat(notificationsTo(ALICE)).as("a bounced notification is not told: no loop").hasSize(2);
    assertThat(notificationsTo(BOB)).hasSize(2);

    h.deliver(dsn("d2@mx.example.org", "Undeliverable: [#1001] Printer on fire", JANE,
        mailsTo(JANE).get(0).getMessageID()));
    await("bounce of the acknowledgment told", WAIT, () -> notificationsTo(ALICE).size() == 3);
    assertThat(text(notificationsTo(ALICE).get(2))).contains("bounced");
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
  }

  @Test
  void aFileOfSeveralStoredChunksArrivesByteForByte() throws Exception {
    h = GatewayHarness.start(coordinators(null));
    byte[] log = new byte[2 * 1024 * 1024 + 12_345]; // three 1 MiB chunks in attachment_chunk
    new Random(11).nextBytes(log);
    h.deliver(mail("Jane Doe <" + JANE + ">", SUPPORT, "m1@example.org", "Crash dump",
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n",
        "--b1\r\nContent-Type: text/plain\r\n\r\nThe dump is attached.\r\n"
            + "--b1\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Disposition: attachment; filename=\"core.dmp\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(log) + "\r\n--b1--"));
    await("told", WAIT, () -> notificationsTo(ALICE).size() == 1);

    assertThat(h.count("select count(*) from attachment_chunk")).isEqualTo(3);
    assertThat(attachments(notificationsTo(ALICE).get(0))).containsOnlyKeys("core.dmp")
        .hasEntrySatisfying("core.dmp", bytes -> assertThat(bytes).isEqualTo(log));
    assertThat(h.count("select count(*) from outbox where body_text like '%core.dmp%' and length(body_text) < 10000"))
        .as("the outbox rows name the file, they do not hold it").isEqualTo(2);
  }

  @Test
  void filesOverTheAttachLimitAreListedNotAttachedAndTheMailSaysSo() throws Exception {
    h = GatewayHarness.start(c -> coordinators(null).apply(c).put("notifications",
        new JsonObject().put("attachMaxBytes", "1KB")));
    byte[] small = "small log line\n".repeat(20).getBytes(StandardCharsets.US_ASCII);
    byte[] big = new byte[5000];
    new Random(3).nextBytes(big);
    h.deliver(mail("Jane Doe <" + JANE + ">", SUPPORT, "m1@example.org", "Two files",
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n",
        "--b1\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n"
            + "--b1\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Disposition: attachment; filename=\"dump.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(big) + "\r\n"
            + "--b1\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"app.log\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(small)
            + "\r\n--b1--"));
    await("told", WAIT, () -> notificationsTo(ALICE).size() == 1);

    MimeMessage n = notificationsTo(ALICE).get(0);
    assertThat(attachments(n)).as("the one that fits the 1 KiB").containsOnlyKeys("app.log")
        .hasEntrySatisfying("app.log", bytes -> assertThat(bytes).isEqualTo(small));
    assertThat(text(n)).contains("- dump.bin (4.9 KiB)").contains("- app.log (300 bytes)")
        .contains("Not attached, over 1.0 KiB per mail (download them from the ticket): dump.bin (4.9 KiB)");
  }

  private static final String PBX_SENDER = "asterisk@pbx.example.com";

  private static JsonObject telephony(AmiReplayServer server) {
    return new JsonObject()
        .put("defaultRegion", "US")
        .put("voicemail", new JsonObject().put("senders", new JsonArray().add(PBX_SENDER)))
        .put("tickets", new JsonObject().put("mailbox", "support"))
        .put("pbxs", new JsonArray().add(new JsonObject()
            .put("name", "office").put("host", server.host()).put("port", server.port()).put("username", "gateway")
            .put("secret", "s3cret").put("dids", new JsonArray().add("18005550100").add("18005550200"))
            .put("reconnectMaxSeconds", 2)));
  }

  @Test
  void aVoicemailTellsTheCoordinatorsWithTheRecordingAttached() throws Exception {
    pbx = AmiReplayServer.builder().transcripts("voicemail-noanswer").build().start();
    h = GatewayHarness.start(coordinators(telephony(pbx)));
    await("the call told", WAIT, () -> notificationsTo(ALICE).size() == 1);

    byte[] recording = new byte[300_000];
    new Random(9).nextBytes(recording);
    System.arraycopy("RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII), 0, recording, 0, 16);
    String wav = Base64.getMimeEncoder().encodeToString(recording);
    h.deliver("Date: Tue, 24 Nov 2026 00:39:00 +0000\r\nFrom: \"Asterisk PBX\" <" + PBX_SENDER + ">\r\n"
        + "To: " + SUPPORT + "\r\nSubject: [PBX]: New message 1 in mailbox 2002\r\n"
        + "Message-ID: <Asterisk-1-1804289383-2002-4242@pbx>\r\nX-Asterisk-CallerID: +34915550188\r\n"
        + "X-Asterisk-CallerIDName: Carlos\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"vm\"\r\n\r\n"
        + "--vm\r\nContent-Type: text/plain\r\n\r\nYou were just left a 0:06 long message\r\n\r\n"
        + "--vm\r\nContent-Type: audio/x-wav; name=\"msg0000.wav\"\r\nContent-Transfer-Encoding: base64\r\n"
        + "Content-Disposition: attachment; filename=\"msg0000.wav\"\r\n\r\n" + wav + "\r\n--vm--\r\n");
    await("the voicemail told", WAIT, () -> notificationsTo(ALICE).size() == 2 && notificationsTo(BOB).size() == 2);
    awaitQuiet();

    MimeMessage call = notificationsTo(ALICE).get(0);
    MimeMessage voicemail = notificationsTo(ALICE).get(1);
    assertThat(voicemail.getSubject()).isEqualTo(call.getSubject());
    assertThat(header(voicemail, "In-Reply-To")).isEqualTo(call.getMessageID());
    assertThat(text(voicemail)).contains("Voicemail on [#1001]")
        .contains("Voicemail from +34 915 55 01 88 (Carlos), recording attached.").contains("msg0000.wav")
        .contains("Channel:   phone").doesNotContain("Not attached");
    for (String coordinator : List.of(ALICE, BOB)) {
      assertThat(attachments(notificationsTo(coordinator).get(1))).as("the recording, byte for byte, to " + coordinator)
          .containsOnlyKeys("msg0000.wav")
          .hasEntrySatisfying("msg0000.wav", bytes -> assertThat(bytes).isEqualTo(recording));
    }
    assertThat(attachments(call)).as("a missed call has no file").isEmpty();
    assertThat(h.count("select count(*) from outbox_attachment")).isEqualTo(2);
    assertThat(h.count("select count(*) from notification where event = 'voicemail'")).isEqualTo(2);
    assertThat(h.receivedBy(PBX_SENDER)).as("the PBX gets nothing").isEmpty();
  }
}
