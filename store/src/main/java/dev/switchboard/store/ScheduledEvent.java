package dev.switchboard.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A timed action on a ticket, or on none (the daily digest: {@code ticketId} null).
 *
 * @param target what it is about, e.g. {@code first-response} or {@code next-response}; empty when the kind is enough
 * @param dueAt when it is due (with ticket, kind and target, its identity)
 * @param attempts failed attempts so far
 */
public record ScheduledEvent(long id, Long ticketId, ScheduledEventKind kind, String target, Instant dueAt, int attempts) {
  public ScheduledEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(dueAt, "dueAt");
  }
}
