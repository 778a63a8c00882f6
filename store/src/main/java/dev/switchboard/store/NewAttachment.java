package dev.switchboard.store;

import java.util.Objects;

/**
 * An attachment of a ticket message about to be stored.
 *
 * @param sha256 hex digest of the content; null together with content when the attachment was dropped for a limit
 */
public record NewAttachment(
    String filename, String contentType, long size, boolean inline, String contentId, String sha256, byte[] content) {
  public NewAttachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    if ((sha256 == null) != (content == null)) {
      throw new IllegalArgumentException("sha256 and content go together");
    }
  }
}
