package dev.switchboard.parser;

import java.util.Objects;

/**
 * An attachment or inline part.
 *
 * @param filename sanitised file name (never a path), never null: parts without one get a generated name
 * @param size decoded size in bytes
 * @param sha256 hex SHA-256 of the decoded bytes, for de-duplication
 * @param content the bytes, or null when the part was dropped for exceeding a limit (size and name are still recorded)
 */
public record ParsedAttachment(
    String filename,
    String contentType,
    long size,
    boolean inline,
    String contentId,
    String sha256,
    AttachmentContent content) {
  public ParsedAttachment {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(contentType, "contentType");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
  }

  public boolean dropped() {
    return content == null;
  }
}
