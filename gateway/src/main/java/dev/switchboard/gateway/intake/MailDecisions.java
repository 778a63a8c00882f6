package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.notify.CoordinatorNotifier;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.MailKind;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.Ticket;
import java.util.Objects;

/**
 * What a mail does, decided from the parsed mail and the facts looked up for it, and nothing else: no database, no
 * clock, no I/O. The order of the questions is the intake's contract: a duplicate is never filed twice; a PBX's
 * voicemail goes to its call-back ticket; a bounce is never answered and never opens a ticket; a coordinator's mail is
 * a command or a relay before it is a request; anyone else naming a ticket they are not on changes nothing.
 */
public final class MailDecisions {
  private final LoopGuard loopGuard;

  public MailDecisions(LoopGuard loopGuard) {
    this.loopGuard = Objects.requireNonNull(loopGuard, "loopGuard");
  }

  public MailDecision decide(ParsedEmail mail, MailFacts facts) {
    if (facts.duplicateOf() != null) {
      return new MailDecision.Duplicate(facts.duplicateOf());
    }
    if (facts.voicemailSender() && !facts.declined().contains(MailFacts.Declined.VOICEMAIL)) {
      return new MailDecision.Voicemail();
    }
    if (mail.classification().kind() == MailKind.BOUNCE) {
      return facts.thread() != null
          ? new MailDecision.Bounce(facts.thread())
          : new MailDecision.SetAside(
              "set aside: a delivery failure report for mail Switchboard did not send; no ticket opened");
    }
    // machine mail from a coordinator's domain (an out-of-office) is filed like anyone's: never a command
    if (facts.senderIsCoordinator() && !facts.declined().contains(MailFacts.Declined.COORDINATOR)
        && !mail.failed() && LoopGuard.machineEvidence(mail).isEmpty()) {
      return new MailDecision.CoordinatorAction(facts.thread(), facts.addressedTicket());
    }
    if (facts.thread() == null) {
      return newTicket(mail, facts, null, "the mail names no ticket");
    }
    SenderRelation relation = SenderRelation.of(
        mail.from(), facts.thread().requesterEmail(), facts.participants(), a -> facts.senderIsCoordinator());
    if (relation == SenderRelation.STRANGER) {
      return new MailDecision.Stranger(facts.thread());
    }
    if (facts.route() == null) {
      return new MailDecision.CustomerReply(facts.thread(), relation);
    }
    if (facts.route().followUp() == null) {
      return newTicket(mail, facts, facts.route().previous(),
          "a reply to finished ticket #" + facts.route().previous().number());
    }
    // machine mail (an out-of-office, a coordinator's answering a notification) is filed, never told
    boolean human = mail.classification().kind() == MailKind.HUMAN && !mail.failed()
        && LoopGuard.machineEvidence(mail).isEmpty();
    return new MailDecision.FollowUp(facts.route().followUp(), relation.mayAddParticipants(), human);
  }

  private MailDecision newTicket(ParsedEmail mail, MailFacts facts, Ticket previous, String why) {
    EmailAddress requester = requester(mail);
    AcknowledgmentDecision guarded = facts.acknowledgmentsOn()
        ? loopGuard.decide(mail, requester, facts.recentAcknowledgments())
        : AcknowledgmentDecision.suppress("acknowledgments are turned off for mailbox " + facts.mailboxName());
    AcknowledgmentDecision acknowledgment =
        guarded.allowed() && facts.withheld() != null ? AcknowledgmentDecision.suppress(facts.withheld()) : guarded;
    return new MailDecision.NewTicket(acknowledgment, previous, why);
  }

  /** Who the ticket is for: Reply-To when the sender set one, else From. */
  static EmailAddress requester(ParsedEmail mail) {
    if (!mail.replyTo().isEmpty()) {
      return mail.replyTo().get(0);
    }
    return mail.from();
  }

  /** Whether a bounce on a ticket is told to its coordinators: not when what bounced was a notification (a loop). */
  static boolean tellBounce(ParsedEmail mail) {
    return !CoordinatorNotifier.isNotification(mail.bounce() == null ? null : mail.bounce().originalMessageId());
  }
}
