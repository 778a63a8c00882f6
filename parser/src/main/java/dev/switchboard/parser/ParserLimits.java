package dev.switchboard.parser;

/**
 * Bounds that keep hostile input from costing unbounded time or memory. Exceeding one adds a {@link ParseWarning}
 * and keeps the rest of the message.
 *
 * @param maxHeaderCount header fields read per entity
 * @param maxNestingDepth multipart / message nesting
 * @param maxAttachmentBytes larger attachments are recorded (name, size) but their content dropped
 * @param maxAttachments further attachments are recorded but their content dropped
 * @param inMemoryThresholdBytes bodies larger than this go to temporary files instead of the heap
 */
public record ParserLimits(
    int maxHeaderCount,
    int maxNestingDepth,
    long maxAttachmentBytes,
    int maxAttachments,
    int inMemoryThresholdBytes) {

  public static final ParserLimits DEFAULTS = new ParserLimits(1_000, 20, 50L * 1024 * 1024, 100, 1024 * 1024);

  public ParserLimits {
    if (maxHeaderCount < 1) {
      throw new IllegalArgumentException("maxHeaderCount must be >= 1, was " + maxHeaderCount);
    }
    if (maxNestingDepth < 1) {
      throw new IllegalArgumentException("maxNestingDepth must be >= 1, was " + maxNestingDepth);
    }
    if (maxAttachmentBytes < 0) {
      throw new IllegalArgumentException("maxAttachmentBytes must be >= 0, was " + maxAttachmentBytes);
    }
    if (maxAttachments < 0) {
      throw new IllegalArgumentException("maxAttachments must be >= 0, was " + maxAttachments);
    }
    if (inMemoryThresholdBytes < 0) {
      throw new IllegalArgumentException("inMemoryThresholdBytes must be >= 0, was " + inMemoryThresholdBytes);
    }
  }
}
