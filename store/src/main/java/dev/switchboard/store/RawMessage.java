package dev.switchboard.store;

import java.util.Objects;

/** The exact bytes of one received message, as committed before any processing. */
public record RawMessage(long id, long mailboxId, long uidValidity, long uid, byte[] content) {
  public RawMessage {
    Objects.requireNonNull(content, "content");
  }
}
