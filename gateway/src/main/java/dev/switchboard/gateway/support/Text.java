package dev.switchboard.gateway.support;

/** Small text clean-ups needed at the database edge. */
public final class Text {
  private Text() {}

  /** PostgreSQL text cannot hold NUL; mail sometimes does. */
  public static String dbSafe(String s) {
    if (s == null || s.indexOf('\0') < 0) {
      return s;
    }
    return s.replace("\0", "");
  }

  /** Cuts a string to at most {@code max} characters, for subjects and reasons stored in short fields. */
  public static String truncate(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }
}
