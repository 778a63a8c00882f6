package dev.switchboard.gateway.mail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One message as the IMAP server gave it: its bytes in memory, or, for a message over {@code imap.largeMessageBytes},
 * in a temporary file ({@link #spool()}) that was fetched in parts and is deleted once the message is committed.
 *
 * @param content the bytes; null for a spooled message
 * @param spool the temporary file holding the bytes; null for a message in memory
 */
public record FetchedMessage(long uid, byte[] content, Path spool) {
  public FetchedMessage {
    if ((content == null) == (spool == null)) {
      throw new IllegalArgumentException("a fetched message has either its content or a spool file");
    }
  }

  public FetchedMessage(long uid, byte[] content) {
    this(uid, content, null);
  }

  public static FetchedMessage spooled(long uid, Path file) {
    return new FetchedMessage(uid, null, file);
  }

  public boolean spooled() {
    return spool != null;
  }

  /** The size in bytes; reads the file's size for a spooled message. */
  public long size() {
    if (content != null) {
      return content.length;
    }
    try {
      return Files.size(spool);
    } catch (IOException e) {
      throw new IllegalStateException("spooled message file unreadable uid=" + uid, e);
    }
  }

  /** Deletes the spool file, if any; blocking file I/O, so call it off the event loop. */
  public void discard() {
    if (spool != null) {
      try {
        Files.deleteIfExists(spool);
      } catch (IOException e) {
        // a temporary file: the operating system's tmp cleaning gets it eventually
      }
    }
  }
}
