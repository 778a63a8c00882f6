package dev.switchboard.store;

import java.util.Objects;

/** A watched mailbox and how far its IMAP folder has been read. */
public record Mailbox(long id, String name, String address, Long uidValidity, long lastUid) {
  public Mailbox {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (lastUid < 0) {
      throw new IllegalArgumentException("lastUid must be >= 0, was " + lastUid);
    }
  }
}
