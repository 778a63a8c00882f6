package dev.switchboard.store;

import java.util.Objects;

/**
 * A stored file a queued mail carries, described well enough to write its MIME part; the bytes stay in
 * {@code attachment_chunk} under {@code sha256} until the sender streams them.
 */
public record OutboxAttachment(long outboxId, int seq, String filename, String contentType, long size, String sha256) {
  public OutboxAttachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(sha256, "sha256");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
