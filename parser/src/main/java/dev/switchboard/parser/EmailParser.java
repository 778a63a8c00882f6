package dev.switchboard.parser;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Turns raw RFC 5322 bytes into a {@link ParsedEmail}. Pure: no network, no database; large bodies may spill to
 * temporary files, released by {@link ParsedEmail#close()}. Never throws on bad input: a message that cannot be parsed
 * comes back with {@code failed() == true} and warnings saying why.
 */
public final class EmailParser {
  private final ParserLimits limits;

  public EmailParser(ParserLimits limits) {
    this.limits = limits;
  }

  public EmailParser() {
    this(ParserLimits.DEFAULTS);
  }

  public ParserLimits limits() {
    return limits;
  }

  public ParsedEmail parse(byte[] raw) {
    return parse(new ByteArrayInputStream(raw));
  }

  public ParsedEmail parse(InputStream raw) {
    throw new UnsupportedOperationException("implemented by the parser work in progress");
  }
}
