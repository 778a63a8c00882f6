package dev.switchboard.gateway.config;

import dev.switchboard.parser.ParserLimits;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounds on what one received mail may cost. Nothing received is lost when a limit is hit: the raw message is
 * committed whole before parsing, an attachment over a limit is recorded (name, size) without its content and the
 * ticket says so, and a header or nesting limit keeps the rest of the message with a warning.
 *
 * <p>Sizes are bytes, or a number with a unit: {@code 512KB}, {@code 50MB}, {@code 1GB} (powers of 1024).
 *
 * @param maxAttachmentBytes an attachment larger than this is not stored
 * @param maxAttachments attachments after this many are not stored
 * @param maxHeaderCount header fields read per MIME entity
 * @param maxNestingDepth multipart and attached-message nesting that is descended
 * @param inMemoryThresholdBytes MIME bodies larger than this are parsed into temporary files, not the heap
 */
public record LimitsOptions(
    long maxAttachmentBytes, int maxAttachments, int maxHeaderCount, int maxNestingDepth, int inMemoryThresholdBytes) {
  public static final LimitsOptions DEFAULTS = of(ParserLimits.DEFAULTS);
  /** PostgreSQL's own bound for one value, far above anything a mail server accepts. */
  private static final long MAX_BYTES = 1024L * 1024 * 1024;
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?)?", Pattern.CASE_INSENSITIVE);

  public static LimitsOptions of(ParserLimits p) {
    return new LimitsOptions(
        p.maxAttachmentBytes(), p.maxAttachments(), p.maxHeaderCount(), p.maxNestingDepth(),
        p.inMemoryThresholdBytes());
  }

  public ParserLimits parserLimits() {
    return new ParserLimits(maxHeaderCount, maxNestingDepth, maxAttachmentBytes, maxAttachments, inMemoryThresholdBytes);
  }

  static LimitsOptions from(ConfigNode n) {
    LimitsOptions d = DEFAULTS;
    LimitsOptions o =
        new LimitsOptions(
            bytes(n, "maxAttachmentBytes", d.maxAttachmentBytes(), 0, MAX_BYTES),
            n.integer("maxAttachments", d.maxAttachments(), 0, 10_000),
            n.integer("maxHeaderCount", d.maxHeaderCount(), 1, 100_000),
            n.integer("maxNestingDepth", d.maxNestingDepth(), 1, 1_000),
            (int) bytes(n, "inMemoryThresholdBytes", d.inMemoryThresholdBytes(), 0, 64L * 1024 * 1024));
    n.finish();
    return o;
  }

  /** Reads a size such as {@code 52428800}, {@code 50MB} or {@code 512 KiB}. */
  static long bytes(ConfigNode n, String name, long defaultValue, long min, long max) {
    String s = n.string(name, null);
    if (s == null) {
      return defaultValue;
    }
    Matcher m = SIZE.matcher(s.strip());
    if (!m.matches()) {
      throw new ConfigException(n.key(name), "must be a size such as 52428800, 512KB or 50MB, was " + n.shown(name, s));
    }
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new ConfigException(n.key(name), "is too large, was " + n.shown(name, s));
    }
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    int shift = unit.isEmpty() ? 0 : switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      default -> 30;
    };
    if (value > (max >> shift)) {
      throw new ConfigException(n.key(name), "must be at most " + max + " bytes, was " + n.shown(name, s));
    }
    value <<= shift;
    if (value < min) {
      throw new ConfigException(n.key(name), "must be at least " + min + " bytes, was " + n.shown(name, s));
    }
    return value;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("maxAttachmentBytes", maxAttachmentBytes)
        .put("maxAttachments", maxAttachments)
        .put("maxHeaderCount", maxHeaderCount)
        .put("maxNestingDepth", maxNestingDepth)
        .put("inMemoryThresholdBytes", inMemoryThresholdBytes);
  }
}
