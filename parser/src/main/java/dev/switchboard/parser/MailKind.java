package dev.switchboard.parser;

import java.util.Locale;

/** What kind of sender wrote a message; anything but {@link #HUMAN} must never be auto-answered. */
public enum MailKind {
  HUMAN,
  AUTO_REPLY,
  BOUNCE,
  LIST,
  SPAM,
  /**
   * Machine mail that is none of the above but must never be answered: bulk or junk precedence, X-Loop,
   * X-Auto-Response-Suppress, a null envelope sender or a no-reply address with nothing more specific.
   */
  AUTOMATED;

  /** The wire name used in JSON output: {@code human}, {@code auto-reply}, {@code bounce}, {@code list}, {@code spam}, {@code automated}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
