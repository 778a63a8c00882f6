package dev.switchboard.parser;

import java.util.Locale;

/** What kind of sender wrote a message; anything but {@link #HUMAN} must never be auto-answered. */
public enum MailKind {
  HUMAN,
  AUTO_REPLY,
  BOUNCE,
  LIST,
  SPAM;

  /** The wire name used in JSON output: {@code human}, {@code auto-reply}, {@code bounce}, {@code list}, {@code spam}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
