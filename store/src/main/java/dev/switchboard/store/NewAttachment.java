package dev.switchboard.store;

import java.util.Objects;

/**
 * An attachment of a ticket message about to be stored.
 *
 * @param size the size of the content in bytes; for a dropped attachment, the size it had
 * @param sha256 hex digest of the content; null together with content when the attachment was dropped for a limit
 * @param content read a chunk at a time while storing; null when the attachment was dropped
 */
public record NewAttachment(
    String filename, String contentType, long size, boolean inline, String contentId, String sha256,
    BlobSource content) {
  public NewAttachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
    if ((sha256 == null) != (content == null)) {
      throw new IllegalArgumentException("sha256 and content go together");
    }
  }

  public boolean dropped() {
    return content == null;
  }
}
