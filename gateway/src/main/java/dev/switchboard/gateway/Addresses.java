package dev.switchboard.gateway;

/** Event-bus addresses: events in the past tense, commands in the imperative. */
public final class Addresses {
  /** Published after a transaction that put mail into the outbox commits; wakes the sender. */
  public static final String OUTBOX_ENQUEUED = "outbox.enqueued";

  private Addresses() {}
}
