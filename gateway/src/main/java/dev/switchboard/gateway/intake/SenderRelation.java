package dev.switchboard.gateway.intake;

import dev.switchboard.parser.EmailAddress;
import java.util.Collection;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Who the sender of a mail that names a ticket is, relative to that ticket. Only the requester, the ticket's
 * participants and the coordinators may change it; anyone else is a {@link #STRANGER}, whose mail is kept and flagged
 * but changes nothing (ticket numbers are sequential, so knowing one proves nothing). Pure.
 *
 * <p>The sender is the From address, not Reply-To: Reply-To is where answers should go, and anyone can set it to the
 * requester's address.
 */
public enum SenderRelation {
  REQUESTER,
  PARTICIPANT,
  COORDINATOR,
  STRANGER;

  /**
   * @param from the mail's From, or null when it has none
   * @param requesterEmail the ticket's requester address, or null (a quarantined or phone ticket)
   * @param participants the ticket's participants, lower-cased
   * @param isCoordinator whether an address is one of the mailbox's coordinators
   */
  public static SenderRelation of(
      EmailAddress from, String requesterEmail, Collection<String> participants,
      Predicate<EmailAddress> isCoordinator) {
    if (from == null) {
      return STRANGER;
    }
    String sender = from.normalized();
    if (requesterEmail != null && sender.equals(requesterEmail.strip().toLowerCase(Locale.ROOT))) {
      return REQUESTER;
    }
    if (participants.contains(sender)) {
      return PARTICIPANT;
    }
    return isCoordinator.test(from) ? COORDINATOR : STRANGER;
  }

  /** Whether the people this mail was also sent to may join the ticket: only the requester brings people in by mail. */
  public boolean mayAddParticipants() {
    return this == REQUESTER;
  }
}
