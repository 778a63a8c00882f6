package dev.switchboard.store;

import java.util.Objects;

/** A message fetched from IMAP, about to be committed. */
public record IncomingRaw(long uid, byte[] content) {
  public IncomingRaw {
    Objects.requireNonNull(content, "content");
    if (uid <= 0) {
      throw new IllegalArgumentException("uid must be > 0, was " + uid);
    }
  }
}
