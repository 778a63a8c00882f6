package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.gateway.intake.MailIntake;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The real service, a real IMAP/SMTP server (GreenMail) and a real PostgreSQL, from mailbox to acknowledgment. */
class EmailIntakeEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String JANE = "jane@example.org";

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static String mail(String messageId, String subject, String extraHeaders, String body) {
    return "From: Jane Doe <" + JANE + ">\r\n"
        + "To: " + SUPPORT + "\r\n"
        + "Subject: " + subject + "\r\n"
        + "Message-ID: <" + messageId + ">\r\n"
        + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
        + extraHeaders
        + "\r\n" + body + "\r\n";
  }

  private long tickets() {
    return h.count("select count(*) from ticket");
  }

  private long acknowledgments() {
    return h.count("select count(*) from outbox where kind = 'acknowledgment'");
  }

  private void awaitAckSent(int n) {
    await(n + " acknowledgment(s) received by " + JANE, WAIT, () -> h.receivedBy(JANE).size() >= n);
  }

  /** Waits for a full mailbox cycle, so "nothing more happened" is really observed rather than assumed. */
  private void awaitQuiet() {
    await("no raw message left unprocessed", WAIT,
        () -> h.count("select count(*) from raw_message where state = 'received'") == 0);
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void newMailOpensTicketAndSendsOneThreadedAcknowledgment() throws Exception {
    h = GatewayHarness.start();
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer on floor 3 is on fire."));

    awaitAckSent(1);
    awaitQuiet();
    assertThat(tickets()).isEqualTo(1);
    List<MimeMessage> acks = h.receivedBy(JANE);
    assertThat(acks).as("exactly one acknowledgment").hasSize(1);
    MimeMessage ack = acks.get(0);
    assertThat(ack.getSubject()).isEqualTo("Re: [#1001] Printer on fire");
    assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo("<m1@example.org>");
    assertThat(ack.getHeader("References", null)).contains("<m1@example.org>");
    assertThat(ack.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    assertThat(ack.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
    assertThat(ack.getFrom()[0].toString()).contains(SUPPORT);
    String storedId = h.query("select message_id from outbox").get(0).getString(0);
    assertThat(ack.getMessageID()).isEqualTo("<" + storedId + ">");
    assertThat((String) ack.getContent()).contains("[#1001]");

    JsonObject ticket = h.getJson("/tickets/1001");
    assertThat(ticket.getInteger("_status")).isEqualTo(200);
    assertThat(ticket.getString("status")).isEqualTo("new");
    assertThat(ticket.getJsonObject("requester").getString("email")).isEqualTo(JANE);
    assertThat(ticket.getString("acknowledgedAt")).isNotNull();
    JsonArray messages = ticket.getJsonArray("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.getJsonObject(0).getString("kind")).isEqualTo("customer");
    assertThat(messages.getJsonObject(0).getString("text")).contains("on fire");
    assertThat(messages.getJsonObject(1).getString("kind")).isEqualTo("acknowledgment");
    assertThat(messages.getJsonObject(1).getString("messageId")).isEqualTo(storedId);
    assertThat(h.count("select count(*) from outbox where state = 'sent'")).isEqualTo(1);
  }

  @Test
  void replyByReferencesJoinsTheTicketWithoutANewAcknowledgment() throws Exception {
    h = GatewayHarness.start();
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    awaitAckSent(1);
    String ackId = h.receivedBy(JANE).get(0).getMessageID();

    // a mail client that rewrote the subject but kept the threading headers
    h.deliver(mail("m2@example.org", "still burning", "In-Reply-To: " + ackId + "\r\nReferences: <m1@example.org> "
        + ackId + "\r\n", "It is still burning.\r\n\r\nOn Wed, Support wrote:\r\n> We have received your request"));
    await("follow-up stored", WAIT, () -> h.count("select count(*) from ticket_message where direction = 'inbound'") == 2);
    awaitQuiet();

    assertThat(tickets()).isEqualTo(1);
    assertThat(acknowledgments()).isEqualTo(1);
    assertThat(h.receivedBy(JANE)).hasSize(1);
    JsonArray messages = h.getJson("/tickets/1001").getJsonArray("messages");
    assertThat(messages).hasSize(3);
    JsonObject followUp = messages.getJsonObject(2);
    assertThat(followUp.getString("messageId")).isEqualTo("m2@example.org");
    assertThat(followUp.getString("reply")).contains("still burning").doesNotContain("We have received");
  }

  @Test
  void replyBySubjectTagJoinsTheTicketWhenHeadersAreMissing() {
    h = GatewayHarness.start();
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    awaitAckSent(1);

    h.deliver(mail("m3@example.org", "RE: AW: [#1001] Printer on fire", "", "Forgot to say: it is the HP one."));
    await("follow-up stored", WAIT, () -> h.count("select count(*) from ticket_message where direction = 'inbound'") == 2);
    awaitQuiet();

    assertThat(tickets()).isEqualTo(1);
    assertThat(acknowledgments()).isEqualTo(1);
  }

  @Test
  void autoGeneratedMailOpensATicketButIsNeverAcknowledged() {
    h = GatewayHarness.start();
    h.deliver(mail("ooo@example.org", "Automatic reply: Out of office", "Auto-Submitted: auto-replied\r\n",
        "I am away until Monday."));
    h.deliver(mail("list@example.org", "[it-announce] Maintenance tonight", "List-Id: <it-announce.example.org>\r\n"
        + "Precedence: list\r\n", "The network is down from 22:00."));

    await("two tickets", WAIT, () -> tickets() == 2);
    awaitQuiet();
    assertThat(acknowledgments()).isZero();
    assertThat(h.receivedBy(JANE)).isEmpty();
    List<Row> notes = h.query("select body_text from ticket_message where kind = 'system' order by ticket_id");
    assertThat(notes).hasSize(2);
    assertThat(notes.get(0).getString(0)).contains("No acknowledgment sent").contains("Auto-Submitted");
    assertThat(notes.get(1).getString(0)).contains("List-Id");
  }

  @Test
  void theSameMessageDeliveredTwiceMakesOneTicket() {
    h = GatewayHarness.start();
    String m = mail("dup@example.org", "VPN down", "", "The VPN is down.");
    h.deliver(m);
    h.deliver(m);

    await("both copies stored", WAIT, () -> h.count("select count(*) from raw_message") == 2);
    awaitQuiet();
    assertThat(tickets()).isEqualTo(1);
    assertThat(acknowledgments()).isEqualTo(1);
    assertThat(h.query("select state from raw_message order by uid").stream().map(r -> r.getString(0)).toList())
        .containsExactly("processed", "duplicate");
  }

  /**
   * A backlog whose mails depend on each other lands in one group transaction, whose facts are read for the whole
   * group up front: a copy of a mail filed earlier in the group, a reply to it and the sender's fourth new request
   * within the hour must come out as they do one mail at a time, without the group failing over to that path.
   */
  @Test
  void relatedMailsInOneBatchComeOutAsTheyDoOneByOne() {
    Logger intakeLog = (Logger) LoggerFactory.getLogger(MailIntake.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    intakeLog.addAppender(logs);
    try {
      h = GatewayHarness.start();
      h.stopService();
      String first = mail("g1@example.org", "VPN down", "", "The VPN is down.");
      h.deliver(first);
      h.deliver(first);
      h.deliver(mail("g1-reply@example.org", "Re: VPN down", "In-Reply-To: <g1@example.org>\r\n", "Still down."));
      h.deliver(mail("g2@example.org", "Printer jammed", "", "Jammed."));
      h.deliver(mail("g3@example.org", "Monitor flickers", "", "Flickers."));
      h.deliver(mail("g4@example.org", "Mouse broken", "", "Broken."));
      h.deliver(mail("g5@example.org", "Keyboard", "", "Sticky keys.").replace(JANE, "bob@example.org"));
      h.startService();

      await("every mail processed", WAIT,
          () -> h.count("select count(*) from raw_message where state <> 'received'") == 7);
      assertThat(h.query("select state from raw_message order by uid").stream().map(r -> r.getString(0)).toList())
          .containsExactly("processed", "duplicate", "processed", "processed", "processed", "processed", "processed");
      assertThat(tickets()).isEqualTo(5);
      assertThat(h.count("select count(distinct ticket_id) from ticket_message"
          + " where message_id in ('g1@example.org', 'g1-reply@example.org')")).as("the reply joined its ticket").isEqualTo(1);
      // Jane's fourth request in the hour is over tickets.acknowledgmentsPerSenderPerHour (3); Bob's first is not
      assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment' and recipient = 'jane@example.org'"))
          .isEqualTo(3);
      assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment' and recipient = 'bob@example.org'"))
          .isEqualTo(1);
      assertThat(h.count("select count(*) from contact where email in ('jane@example.org', 'bob@example.org')"))
          .isEqualTo(2);
      assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.startsWith("intake batch failed"));
    } finally {
      intakeLog.detachAppender(logs);
    }
  }

  @Test
  void restartsAndLostProgressNeverDuplicateTicketsOrAcknowledgments() {
    h = GatewayHarness.start();
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    awaitAckSent(1);
    awaitQuiet();

    // restart with the IMAP progress lost: every message is fetched again
    h.stopService();
    h.query("update mailbox set last_uid = 0");
    h.startService();
    awaitQuiet();
    assertThat(h.count("select count(*) from raw_message")).isEqualTo(1);
    assertThat(tickets()).isEqualTo(1);
    assertThat(acknowledgments()).isEqualTo(1);

    // the mail server renumbered the folder (a new UIDVALIDITY): Message-ID de-duplication still holds
    h.stopService();
    h.query("update mailbox set uid_validity = uid_validity - 1");
    h.query("update raw_message set uid_validity = uid_validity - 1");
    h.startService();
    await("message fetched again under the new UIDVALIDITY", WAIT,
        () -> h.count("select count(*) from raw_message") == 2);
    awaitQuiet();
    assertThat(tickets()).isEqualTo(1);
    assertThat(acknowledgments()).isEqualTo(1);
    assertThat(h.receivedBy(JANE)).hasSize(1);
  }

  @Test
  void aMessageCommittedButNotProcessedBeforeACrashIsProcessedOnStart() {
    h = GatewayHarness.start();
    h.stopService();
    long mailboxId = h.query("select id from mailbox").get(0).getLong(0);
    // what a crash right after the raw commit leaves behind
    h.query("insert into raw_message (mailbox_id, uid_validity, uid, size, content) values (" + mailboxId
        + ", 1, 99, 10, convert_to('" + mail("crash@example.org", "Left behind", "", "Process me.").replace("'", "''")
        + "', 'UTF8'))");
    h.startService();

    await("ticket from the left-behind message", WAIT, () -> tickets() == 1);
    awaitAckSent(1);
    assertThat(h.query("select state from raw_message").get(0).getString(0)).isEqualTo("processed");
  }

  @Test
  void unparseableMailStillBecomesAFlaggedTicketWithItsRawBytesKept() throws Exception {
    h = GatewayHarness.start();
    byte[] junk = "this is not a mail header\r\n\u0001\u0002\u0003 garbage without any structure\r\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    appendRaw(junk);

    await("flagged ticket", WAIT, () -> tickets() == 1);
    awaitQuiet();
    Row t = h.query("select needs_attention, attention_reason from ticket").get(0);
    assertThat(t.getBoolean(0)).isTrue();
    assertThat(t.getString(1)).contains("could not be parsed");
    byte[] stored = h.query("select content from raw_message").get(0).getBuffer(0).getBytes();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).contains("garbage without any structure");
    assertThat(h.count("select count(*) from ticket_message where raw_message_id is not null")).isEqualTo(1);
    assertThat(acknowledgments()).isZero();
  }

  @Test
  void aKeptMailHasItsPolicyRecordedWithItsProcessingNotByASecondWrite() throws Exception {
    h = GatewayHarness.start();
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    awaitAckSent(1);
    assertThat(h.count("select count(*) from raw_message where state = 'processed' "
        + "and policy_applied_at = processed_at")).isEqualTo(1);
  }

  @Test
  void markSeenPolicyIsAppliedOnlyAfterTheTicketIsCommitted() throws Exception {
    h = GatewayHarness.start(c -> {
      c.getJsonArray("mailboxes").getJsonObject(0).put("afterImport", "seen");
      return c;
    });
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    awaitAckSent(1);
    await("policy applied", WAIT,
        () -> h.count("select count(*) from raw_message where policy_applied_at is not null") == 1);
    try (Store store = imapStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();
    }
  }

  @Test
  void moveToFolderPolicyMovesImportedMail() throws Exception {
    h = GatewayHarness.start(c -> {
      c.getJsonArray("mailboxes").getJsonObject(0).put("afterImport", "move").put("moveTo", "Imported");
      return c;
    });
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    awaitAckSent(1);
    await("policy applied", WAIT,
        () -> h.count("select count(*) from raw_message where policy_applied_at is not null") == 1);
    try (Store store = imapStore()) {
      Folder imported = store.getFolder("Imported");
      imported.open(Folder.READ_ONLY);
      assertThat(imported.getMessageCount()).isEqualTo(1);
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessageCount()).isZero();
    }
  }

  @Test
  void acknowledgmentIsDeliveredOnceWhenSmtpComesBack() throws Exception {
    int deadPort;
    try (var s = new java.net.ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    int smtpPort = deadPort;
    h = GatewayHarness.start(c -> {
      c.getJsonObject("smtp").put("port", smtpPort);
      return c;
    });
    h.deliver(mail("m1@example.org", "Printer on fire", "", "The printer is on fire."));
    await("a failed attempt recorded", WAIT,
        () -> h.count("select count(*) from outbox where attempts >= 1 and state = 'pending'") == 1);
    assertThat(h.getJson("/health").getString("status")).isEqualTo("degraded");

    var relay = new com.icegreen.greenmail.util.GreenMail(
        new com.icegreen.greenmail.util.ServerSetup(smtpPort, "127.0.0.1", "smtp"));
    relay.start();
    try {
      await("acknowledgment delivered after SMTP came back", WAIT, () -> relay.getReceivedMessages().length == 1);
      await("outbox row marked sent", WAIT, () -> h.count("select count(*) from outbox where state = 'sent'") == 1);
      Thread.sleep(1500);
      assertThat(relay.getReceivedMessages()).as("delivered exactly once").hasSize(1);
      assertThat(h.getJson("/health").getString("status")).isEqualTo("up");
    } finally {
      relay.stop();
    }
  }

  private Store imapStore() throws Exception {
    Properties props = new Properties();
    Store store = Session.getInstance(props).getStore("imap");
    store.connect("127.0.0.1", h.mail().getImap().getPort(), SUPPORT, GatewayHarness.SUPPORT_PASSWORD);
    return store;
  }

  private void appendRaw(byte[] raw) throws Exception {
    try (Store store = imapStore()) {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      Session session = Session.getInstance(new Properties());
      inbox.appendMessages(new Message[] {new MimeMessage(session, new ByteArrayInputStream(raw))});
    }
  }
}
