package dev.switchboard.gateway.intake;

/**
 * What became of one raw message.
 *
 * @param acknowledged whether handling it put mail into the outbox: an acknowledgment, or for a coordinator's mail a
 *     relayed reply, a status update or a notice; wakes the outbox sender once the transaction committed
 */
public record IntakeOutcome(long rawMessageId, long uid, Long ticketNumber, Kind kind, boolean acknowledged) {
  /** The paths a message can take. */
  public enum Kind {
    NEW_TICKET,
    FOLLOW_UP,
    /** A coordinator's reply, command or note (or its rejection); no customer ticket was opened. */
    COORDINATOR,
    /** Kept on a ticket it names, from someone who is not on that ticket; nothing changed, nothing sent. */
    STRANGER,
    DUPLICATE,
    /** Kept (raw bytes stored) but filed nowhere: a delivery failure report about mail we never sent. */
    SET_ASIDE,
    FAILED
  }
}
