package dev.switchboard.gateway.config;

import java.util.List;
import java.util.Locale;

/** What happens to a message in the IMAP folder once its ticket data is committed. */
public enum AfterImport {
  /** Leave it untouched; progress is tracked by UID. */
  KEEP,
  /** Set the \Seen flag. */
  SEEN,
  /** Move it to another folder. */
  MOVE;

  static final List<String> NAMES = List.of("keep", "seen", "move");

  static AfterImport parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
