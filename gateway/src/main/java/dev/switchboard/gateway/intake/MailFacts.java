package dev.switchboard.gateway.intake;

import dev.switchboard.store.Ticket;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the store and the configuration say about one mail, looked up before deciding what it does
 * ({@link MailDecisions#decide}). Plug-ins that decline a mail ({@link Declined}) and the coordinators' answer for a
 * reply to a ticket ({@link #route}) are facts too: the intake asks them and decides again.
 *
 * @param mailboxName the mailbox, for reasons that name it
 * @param acknowledgmentsOn the mailbox's {@code acknowledge} setting
 * @param duplicateOf the ticket that already holds a mail with this Message-ID in this mailbox, or null
 * @param thread the ticket the mail continues (reply address, subject tag, In-Reply-To/References), or null
 * @param addressedTicket the number from a valid per-ticket reply address, or null
 * @param participants the thread's participants, lower-cased; empty without a thread
 * @param senderIsCoordinator whether From is one of the mailbox's coordinators
 * @param voicemailSender whether the voicemail diversion recognises the mail as a PBX's voicemail notification
 * @param recentAcknowledgments acknowledgments to the requester in the last hour
 * @param withheld why the coordinators withhold the acknowledgment (see {@link Coordinators#withholdAcknowledgment}),
 *     or null
 * @param declined the plug-ins that were offered the mail and did not take it
 * @param route the coordinators' answer for a reply on {@link #thread}, or null until asked
 */
public record MailFacts(
    String mailboxName,
    boolean acknowledgmentsOn,
    Long duplicateOf,
    Ticket thread,
    Long addressedTicket,
    Set<String> participants,
    boolean senderIsCoordinator,
    boolean voicemailSender,
    long recentAcknowledgments,
    String withheld,
    Set<Declined> declined,
    Coordinators.CustomerRoute route) {
  /** Plug-ins that see a mail before the customer workflow, and may leave it to that workflow. */
  public enum Declined {
    VOICEMAIL,
    COORDINATOR
  }

  public MailFacts {
    Objects.requireNonNull(mailboxName, "mailboxName");
    participants = Set.copyOf(participants);
    declined = declined.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(declined));
    if (recentAcknowledgments < 0) {
      throw new IllegalArgumentException("recentAcknowledgments must not be negative: " + recentAcknowledgments);
    }
    if (route != null && thread == null) {
      throw new IllegalArgumentException("a customer route needs the thread it was asked for");
    }
  }

  public MailFacts decline(Declined plugin) {
    Set<Declined> more = EnumSet.of(plugin);
    more.addAll(declined);
    return new MailFacts(mailboxName, acknowledgmentsOn, duplicateOf, thread, addressedTicket, participants,
        senderIsCoordinator, voicemailSender, recentAcknowledgments, withheld, more, route);
  }

  public MailFacts withRoute(Coordinators.CustomerRoute route) {
    return new MailFacts(mailboxName, acknowledgmentsOn, duplicateOf, thread, addressedTicket, participants,
        senderIsCoordinator, voicemailSender, recentAcknowledgments, withheld, declined, route);
  }
}
