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

  /** A size for people: {@code 512 bytes}, {@code 3.2 KiB}, {@code 50.0 MiB}, {@code 1.5 GiB}. */
  public static String bytes(long n) {
    if (n < 1024) {
      return n + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    // what String.format("%.1f") prints (half up), without a Formatter: every notification names sizes
    long tenths = Math.round(v * 10);
    return tenths / 10 + "." + tenths % 10 + " " + units[unit];
  }

  /** Cuts a string to at most {@code max} characters, for subjects and reasons stored in short fields. */
  public static String truncate(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    return s.substring(0, max - 1) + "…";
  }
}
