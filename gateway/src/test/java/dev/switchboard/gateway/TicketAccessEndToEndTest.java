package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.agent.ReplyToken;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tickets only for their people (issue 12), against the real service, GreenMail and PostgreSQL: a stranger who knows
 * a ticket number, coordinator authority through reply addresses, no backscatter, #cc, and a display name that must
 * not be repeated in our greeting. Asserts on the database and on the mail that went out, not on the HTTP API.
 */
class TicketAccessEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String JANE = "jane@example.org";
  private static final String SPY = "spy@evil.test";
  private static final String SPY_CC = "spy-cc@evil.test";
  private static final String CAROL = "carol@partner.example";
  private static final String ALICE = "alice@corp.example";
  private static final String AR_PASS = "Authentication-Results: mx.example.com;\r\n dkim=pass header.d=corp.example"
      + " header.s=s1\r\n";
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

  private static UnaryOperator<JsonObject> coordinators() {
    return c -> {
      JsonObject box = c.getJsonArray("mailboxes").getJsonObject(0);
      box.put("agents", new JsonObject()
          .put("addresses", new JsonArray().add(ALICE))
          .put("trustedAuthservIds", new JsonArray().add("mx.example.com")));
      box.put("replyTokens", true);
      c.put("tickets", new JsonObject().put("replyTokenSecret", SECRET));
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

  private static String alice(String messageId, String to, String headers, String body) {
    return mail("Alice Agent <" + ALICE + ">", to, messageId, "Re: [#1001] Printer on fire", headers, body);
  }

  private void openTicket() {
    h.deliver(mail("Jane Doe <" + JANE + ">", SUPPORT, "m1@example.org", "Printer on fire", "",
        "The printer on floor 3 is on fire."));
    await("acknowledgment", WAIT, () -> mailsTo(JANE).size() == 1);
  }

  private List<String> kinds() {
    return h.query("select m.kind from ticket_message m join ticket t on t.id = m.ticket_id where t.number = 1001 "
        + "order by m.id").stream().map(r -> r.getString(0)).toList();
  }

  private Row ticket() {
    return h.query("select status, priority, needs_attention, attention_reason from ticket where number = 1001").get(0);
  }

  private List<String> participants() {
    return h.query("select email from ticket_participant order by email").stream().map(r -> r.getString(0)).toList();
  }

  private static List<String> recipients(MimeMessage m, Message.RecipientType type) throws Exception {
    Address[] all = m.getRecipients(type);
    return all == null ? List.of()
        : Arrays.stream(all).map(a -> ((InternetAddress) a).getAddress().toLowerCase()).toList();
  }

  @Test
  void aStrangersMailWithCcIsKeptAndFlaggedButReachesNobodyAndReopensNothing() throws Exception {
    h = GatewayHarness.start(coordinators());
    openTicket();
    h.deliver(alice("a1@corp.example", SUPPORT, AR_PASS, "#resolve"));
    await("resolution mail", WAIT, () -> mailsTo(JANE).size() == 2);

    // ticket numbers are sequential: anyone can write "[#1001]"
    h.deliver(mail("Spy <" + SPY + ">", SUPPORT, "s1@evil.test", "Re: [#1001] Printer on fire",
        "Cc: " + SPY_CC + "\r\nReply-To: " + JANE + "\r\n", "Not fixed, please add my colleague."));
    await("stranger mail kept", WAIT, () -> kinds().contains("stranger"));
    awaitQuiet();

    Row t = ticket();
    assertThat(t.getString("status")).as("not reopened").isEqualTo("resolved");
    assertThat(t.getBoolean("needs_attention")).as("flagged for a coordinator").isTrue();
    assertThat(t.getString("attention_reason")).contains("not on the ticket");
    assertThat(participants()).as("its Cc joins nothing").isEmpty();
    assertThat(mailsTo(SPY)).isEmpty();
    assertThat(mailsTo(SPY_CC)).isEmpty();
    assertThat(h.count("select count(*) from ticket")).as("no ticket of its own").isEqualTo(1);
    assertThat(h.count("select count(*) from ticket_event where type = 'stranger-mail'")).isEqualTo(1);

    // the next mail about the ticket goes to Jane alone
    h.deliver(alice("a2@corp.example", SUPPORT, AR_PASS, "#close"));
    await("closing mail", WAIT, () -> mailsTo(JANE).size() == 3);
    awaitQuiet();
    MimeMessage closing = mailsTo(JANE).get(2);
    assertThat(recipients(closing, Message.RecipientType.TO)).containsExactly(JANE);
    assertThat(recipients(closing, Message.RecipientType.CC)).isEmpty();
    assertThat(mailsTo(SPY_CC)).isEmpty();
  }

  @Test
  void aTrustedDkimFailIsNotOverriddenByTheCoordinatorsOwnReplyAddress() throws Exception {
    h = GatewayHarness.start(coordinators());
    openTicket();
    String own = new ReplyToken(SECRET).coordinatorAddress(SUPPORT, 1001, ALICE);

    h.deliver(alice("a1@corp.example", own,
        "Authentication-Results: mx.example.com; dkim=fail header.d=corp.example; spf=none\r\n",
        "#priority critical\r\nPlease reply with your VPN password."));
    await("kept as unverified", WAIT, () -> kinds().contains("unverified"));
    awaitQuiet();

    assertThat(ticket().getString("priority")).as("nothing applied").isEqualTo("normal");
    assertThat(mailsTo(JANE)).as("nothing relayed").hasSize(1);
    assertThat(mailsTo(ALICE)).as("no answer").isEmpty();
    String warning = h.query("select warnings[1] from ticket_message where kind = 'unverified'").get(0).getString(0);
    assertThat(warning).contains("dkim=fail for corp.example").contains("no reply address overrides");
  }

  @Test
  void theReplyAddressIssuedToACoordinatorAuthenticatesTheirAnswer() throws Exception {
    h = GatewayHarness.start(coordinators());
    openTicket();
    String requesterAddress = mailsTo(JANE).get(0).getHeader("Reply-To", null);

    // a verified but malformed command: the notice carries Alice's own reply address
    h.deliver(alice("a1@corp.example", SUPPORT, AR_PASS, "#staus waiting"));
    await("notice", WAIT, () -> mailsTo(ALICE).size() == 1);
    String own = mailsTo(ALICE).get(0).getHeader("Reply-To", null);
    assertThat(own).matches("support\\+c1001-[0-9a-f]{16}@example\\.com").isNotEqualTo(requesterAddress);

    // Alice's server signs nothing: her own address is what she has
    h.deliver(alice("a2@corp.example", own, "", "#priority critical\r\nThe fire brigade is on its way."));
    await("relay", WAIT, () -> mailsTo(JANE).size() == 2);
    awaitQuiet();
    assertThat(ticket().getString("priority")).isEqualTo("critical");
    MimeMessage relay = mailsTo(JANE).get(1);
    assertThat((String) relay.getContent()).contains("fire brigade");
    assertThat(relay.getHeader("Reply-To", null)).as("the requester gets the requester's address")
        .isEqualTo(requesterAddress);
  }

  @Test
  void anUnverifiedCoordinatorMailNamingNoTicketOrAMissingOneGetsNoAnswer() throws Exception {
    h = GatewayHarness.start(coordinators());
    openTicket();

    h.deliver(mail("Alice Agent <" + ALICE + ">", SUPPORT, "a1@corp.example", "Re: [#4242] Old thing", "", "#close"));
    h.deliver(mail("Alice Agent <" + ALICE + ">", SUPPORT, "a2@corp.example", "status", "", "#status waiting"));
    await("both kept", WAIT, () -> h.count("select count(*) from raw_message where error like '%not answered%'") == 2);
    awaitQuiet();

    assertThat(mailsTo(ALICE)).as("no backscatter to whoever is in From").isEmpty();
    assertThat(h.count("select count(*) from outbox where kind <> 'notification'")).as("only Jane's acknowledgment")
        .isEqualTo(1);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    assertThat(h.query("select error from raw_message where error is not null").stream().map(r -> r.getString(0)))
        .allMatch(e -> e.contains("could not be verified"));
  }

  @Test
  void anUnverifiedCoordinatorsNewRequestOpensATicketWithoutAnAnswer() throws Exception {
    h = GatewayHarness.start(coordinators());
    h.deliver(mail("Alice Agent <" + ALICE + ">", SUPPORT, "a1@corp.example", "Laptop will not boot", "",
        "Black screen."));
    await("ticket", WAIT, () -> h.count("select count(*) from ticket") == 1);
    awaitQuiet();
    assertThat(mailsTo(ALICE)).isEmpty();
    assertThat(h.query("select body_text from ticket_message where kind = 'system' order by id").get(0).getString(0))
        .contains("No acknowledgment sent").contains("could not be verified");
  }

  @Test
  void aPhishingShapedDisplayNameGetsANeutralGreeting() throws Exception {
    h = GatewayHarness.start(coordinators());
    h.deliver(mail("\"Please reset your password now at https://evil.test/reset - IT\" <victim@example.org>", SUPPORT,
        "p1@example.org", "Help", "", "Hello?"));
    await("acknowledgment", WAIT, () -> mailsTo("victim@example.org").size() == 1);
    String body = (String) mailsTo("victim@example.org").get(0).getContent();
    assertThat(body).startsWith("Hello,").doesNotContain("evil.test").doesNotContain("password");
  }

  @Test
  void aVerifiedCoordinatorAddsAndRemovesParticipantsWithCc() throws Exception {
    h = GatewayHarness.start(coordinators());
    openTicket();

    h.deliver(alice("a1@corp.example", SUPPORT, AR_PASS, "#cc add Carol@Partner.example\r\n\r\nCarol joins us."));
    await("relay copied to Carol", WAIT, () -> mailsTo(CAROL).size() == 1);
    assertThat(participants()).containsExactly(CAROL);
    MimeMessage relay = mailsTo(CAROL).get(0);
    assertThat(recipients(relay, Message.RecipientType.TO)).containsExactly(JANE);
    assertThat(recipients(relay, Message.RecipientType.CC)).containsExactly(CAROL);

    h.deliver(alice("a2@corp.example", SUPPORT, AR_PASS, "#cc remove carol@partner.example\r\n#status waiting"));
    await("status update", WAIT, () -> mailsTo(JANE).size() == 3);
    awaitQuiet();
    assertThat(participants()).isEmpty();
    assertThat(mailsTo(CAROL)).as("removed before the update went out").hasSize(1);
    assertThat(h.query("select actor || ' ' || type || ' ' || (detail ->> 'email') from ticket_event "
            + "where type like 'participant-%' order by id").stream().map(r -> r.getString(0)).toList())
        .containsExactly(ALICE + " participant-added " + CAROL, ALICE + " participant-removed " + CAROL);

    // the requester cannot be a participant; the mail changes nothing and Alice is told
    h.deliver(alice("a3@corp.example", SUPPORT, AR_PASS, "#cc add " + JANE));
    await("notice", WAIT, () -> mailsTo(ALICE).size() == 1);
    assertThat((String) mailsTo(ALICE).get(0).getContent()).contains("is the ticket's requester");
    assertThat(participants()).isEmpty();
  }
}
