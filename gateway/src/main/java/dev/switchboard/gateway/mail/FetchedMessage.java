package dev.switchboard.gateway.mail;

import java.util.Objects;

/** One message as the IMAP server gave it. */
public record FetchedMessage(long uid, byte[] content) {
  public FetchedMessage {
    Objects.requireNonNull(content, "content");
  }
}
