package dev.switchboard.gateway.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A file to send as a MIME part of an outbox mail. The content is opened when the part is written, and may be opened
 * more than once (Jakarta Mail reads a part again when it must); nothing holds the whole file.
 */
public record OutgoingAttachment(String filename, String contentType, long size, Content content) {
  /** Opens the content from its first byte; blocking, on the sender's worker thread. */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }

  public OutgoingAttachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(content, "content");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
