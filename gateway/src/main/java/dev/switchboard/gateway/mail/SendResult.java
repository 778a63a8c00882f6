package dev.switchboard.gateway.mail;

/** What happened to one outbox mail on one attempt. */
public record SendResult(long outboxId, Outcome outcome, String error) {
  /** Sent; worth retrying later; or never going to work. */
  public enum Outcome {
    SENT,
    RETRY,
    FAILED
  }

  public static SendResult sent(long id) {
    return new SendResult(id, Outcome.SENT, null);
  }
}
