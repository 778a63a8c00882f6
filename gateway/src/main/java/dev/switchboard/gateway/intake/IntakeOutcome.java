package dev.switchboard.gateway.intake;

/** What became of one raw message. */
public record IntakeOutcome(long rawMessageId, long uid, Long ticketNumber, Kind kind, boolean acknowledged) {
  /** The paths a message can take. */
  public enum Kind {
    NEW_TICKET,
    FOLLOW_UP,
    DUPLICATE,
    FAILED
  }
}
