package dev.switchboard.parser;

import dev.switchboard.parser.internal.MimeParser;
import java.io.InputStream;
import java.util.Objects;

/**
 * Turns raw RFC 5322 bytes into a {@link ParsedEmail}. Pure: no network, no database; large bodies may spill to
 * temporary files, released by {@link ParsedEmail#close()}. Never throws on bad input: a message that cannot be parsed
 * comes back with {@code failed() == true} and warnings saying why.
 */
public final class EmailParser {
  private final ParserLimits limits;

  public EmailParser(ParserLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public EmailParser() {
    this(ParserLimits.DEFAULTS);
  }

  public ParserLimits limits() {
    return limits;
  }

  public ParsedEmail parse(byte[] raw) {
    return MimeParser.parse(raw, limits);
  }

  public ParsedEmail parse(InputStream raw) {
    return MimeParser.parse(raw, limits);
  }
}
