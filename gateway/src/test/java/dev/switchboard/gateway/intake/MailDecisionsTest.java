package dev.switchboard.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.Ticket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One case per kind of mail, each decided without a database; the decisions with their reasons are compared with
 * {@code intake/decisions.golden}. A missing golden file is written and the test fails, so a new case means adding a
 * line below and reviewing the file.
 */
class MailDecisionsTest {
  private static final EmailParser PARSER = new EmailParser();
  private static final Path GOLDEN = Path.of("src/test/resources/intake/decisions.golden");
  private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final Ticket OPEN = ticket(1042, "open", "jane@example.org", null);
  private static final Ticket RESOLVED = ticket(1043, "resolved", "jane@example.org", T0);

  private final MailDecisions decisions = new MailDecisions(new LoopGuard(Set.of("support@example.com"), 3));

  private static Ticket ticket(long number, String status, String requester, OffsetDateTime resolvedAt) {
    return new Ticket(number * 10, number, 1L, "Printer [#" + number + "]", status, "normal", 7L, requester, "Jane",
        null, "email", false, null, T0, T0, T0, null, resolvedAt, null, null, null, null);
  }

  private static ParsedEmail mail(String from, String subject, String extraHeaders) {
    String raw = "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject
        + "\r\nMessage-ID: <m1@example.org>\r\n" + extraHeaders + "\r\nThe printer is broken.\r\n";
    return PARSER.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static ParsedEmail bounce() {
    String raw = "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\nTo: support@example.com\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <b1@mx.example.org>\r\n"
        + "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
        + "--B\r\nContent-Type: text/plain\r\n\r\nYour mail could not be delivered.\r\n"
        + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
        + "Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <ack-1042@switchboard.example.com>\r\n"
        + "--B--\r\n";
    return PARSER.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static MailFacts facts() {
    return new MailFacts("support", true, null, null, null, Set.of(), false, false, 0, null, Set.of(), null);
  }

  private static MailFacts thread(Ticket t) {
    MailFacts f = facts();
    return new MailFacts(f.mailboxName(), true, null, t, null, Set.of("bob@example.org"), false, false, 0, null,
        Set.of(), null);
  }

  private record Case(String name, ParsedEmail mail, MailFacts facts) {}

  private static List<Case> cases() {
    ParsedEmail jane = mail("Jane <jane@example.org>", "Printer broken", "");
    ParsedEmail janeReply = mail("Jane <jane@example.org>", "Re: Printer [#1042]", "In-Reply-To: <ack@x>\r\n");
    ParsedEmail coordinator = mail("Carl <carl@example.com>", "Re: Printer [#1042]", "");
    UnaryOperator<MailFacts> fromCoordinator = f -> new MailFacts(f.mailboxName(), f.acknowledgmentsOn(),
        f.duplicateOf(), f.thread(), f.addressedTicket(), f.participants(), true, f.voicemailSender(),
        f.recentAcknowledgments(), f.withheld(), f.declined(), f.route());
    MailFacts voicemail = new MailFacts("support", true, null, null, null, Set.of(), false, true, 0, null, Set.of(),
        null);
    List<Case> c = new ArrayList<>();
    c.add(new Case("newRequestIsAcknowledged", jane, facts()));
    c.add(new Case("duplicateMessageIdIsSkipped",
        jane, new MailFacts("support", true, 420L, OPEN, null, Set.of(), false, false, 0, null, Set.of(), null)));
    c.add(new Case("acknowledgmentsTurnedOff",
        jane, new MailFacts("support", false, null, null, null, Set.of(), false, false, 0, null, Set.of(), null)));
    c.add(new Case("rateLimitedSender",
        jane, new MailFacts("support", true, null, null, null, Set.of(), false, false, 3, null, Set.of(), null)));
    c.add(new Case("outOfOfficeOpensTicketUnacknowledged",
        mail("jane@example.org", "Out of office", "Auto-Submitted: auto-replied\r\n"), facts()));
    c.add(new Case("noReplySenderOpensTicketUnacknowledged", mail("noreply@example.org", "Report", ""), facts()));
    c.add(new Case("ownAddressIsNeverAnswered", mail("support@example.com", "Loop", ""), facts()));
    c.add(new Case("coordinatorAddressWithheld",
        jane, new MailFacts("support", true, null, null, null, Set.of(), false, false, 0,
            "the requester is a coordinator and the mail is not verified", Set.of(), null)));
    c.add(new Case("voicemailNotificationGoesToDiversion", mail("pbx@example.com", "Voicemail", ""), voicemail));
    c.add(new Case("voicemailDeclinedIsARequest", mail("pbx@example.com", "Voicemail", ""),
        voicemail.decline(MailFacts.Declined.VOICEMAIL)));
    c.add(new Case("bounceOfOurMailOnItsTicket", bounce(), thread(OPEN)));
    c.add(new Case("bounceOfUnknownMailIsSetAside", bounce(), facts()));
    c.add(new Case("coordinatorMailIsACoordinatorAction", coordinator, fromCoordinator.apply(thread(OPEN))));
    c.add(new Case("coordinatorDeclinedWithoutTicketIsARequest", coordinator,
        fromCoordinator.apply(facts()).decline(MailFacts.Declined.COORDINATOR)));
    c.add(new Case("coordinatorOutOfOfficeIsNotACommand",
        mail("carl@example.com", "Re: Printer [#1042]", "Auto-Submitted: auto-replied\r\n"),
        fromCoordinator.apply(thread(OPEN))));
    c.add(new Case("strangerNamingATicket", mail("eve@example.net", "Re: Printer [#1042]", ""), thread(OPEN)));
    c.add(new Case("requesterReplyAsksTheRoute", janeReply, thread(OPEN)));
    c.add(new Case("participantReplyAsksTheRoute",
        mail("bob@example.org", "Re: Printer [#1042]", ""), thread(OPEN)));
    c.add(new Case("requesterReplyFollowsUp", janeReply,
        thread(OPEN).withRoute(Coordinators.CustomerRoute.followUp(OPEN))));
    c.add(new Case("participantReplyFollowsUpWithoutAddingPeople", mail("bob@example.org", "Re: Printer [#1042]", ""),
        thread(OPEN).withRoute(Coordinators.CustomerRoute.followUp(OPEN))));
    c.add(new Case("requesterOutOfOfficeFollowsUpSilently",
        mail("jane@example.org", "Re: Printer [#1042]", "Auto-Submitted: auto-replied\r\n"),
        thread(OPEN).withRoute(Coordinators.CustomerRoute.followUp(OPEN))));
    c.add(new Case("lateReplyToFinishedTicketOpensANewOne", janeReply,
        thread(RESOLVED).withRoute(Coordinators.CustomerRoute.newTicketAfter(RESOLVED))));
    return c;
  }

  @Test
  void everyKindOfMailIsDecidedAsTheGoldenFileSays() throws IOException {
    StringBuilder actual = new StringBuilder();
    for (Case c : cases()) {
      try (ParsedEmail m = c.mail()) {
        actual.append(c.name()).append(": ").append(decisions.decide(m, c.facts()).summary()).append('\n');
      }
    }
    if (!Files.exists(GOLDEN)) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, actual);
      fail("golden file " + GOLDEN + " was missing and has been written; review it and run again");
    }
    assertThat(actual.toString()).isEqualTo(Files.readString(GOLDEN));
  }

  @Test
  void decidingIsPureTheSameFactsGiveTheSameDecision() {
    for (Case c : cases()) {
      assertThat(decisions.decide(c.mail(), c.facts())).as(c.name()).isEqualTo(decisions.decide(c.mail(), c.facts()));
    }
  }
}
