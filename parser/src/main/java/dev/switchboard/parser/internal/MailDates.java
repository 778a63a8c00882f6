package dev.switchboard.parser.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 5322 dates as mailers really write them: optional weekday, one-digit days, two-digit years, missing seconds,
 * obsolete zone names and trailing comments. The offset is kept, unlike {@code java.util.Date}.
 */
public final class MailDates {
  private static final Pattern DATE = Pattern.compile(
      "(?:[A-Za-z]+,?\\s*)?(\\d{1,2})[\\s-]+([A-Za-z]{3})[A-Za-z]*\\.?[\\s-]+(\\d{2,4})\\s+"
          + "(\\d{1,2}):(\\d{1,2})(?::(\\d{1,2}))?(?:\\.\\d+)?\\s*([+-]\\d{2}:?\\d{2}|[A-Za-z]{1,5})?");
  private static final Map<String, Integer> MONTHS = Map.ofEntries(
      Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
      Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
      Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
  /** RFC 5322 section 4.3 obsolete zones; military single letters are ambiguous in practice and read as UTC. */
  private static final Map<String, Integer> ZONES_HOURS = Map.of(
      "edt", -4, "est", -5, "cdt", -5, "cst", -6, "mdt", -6, "mst", -7, "pdt", -7, "pst", -8);

  private MailDates() {}

  /** The parsed date, or null when the value is not recognisably a date. */
  public static OffsetDateTime parse(String value) {
    if (value == null || value.length() > 200) {
      return null;
    }
    Matcher m = DATE.matcher(value.strip());
    if (!m.lookingAt()) {
      return null;
    }
    Integer month = MONTHS.get(m.group(2).toLowerCase(Locale.ROOT));
    if (month == null) {
      return null;
    }
    int year = Integer.parseInt(m.group(3));
    if (m.group(3).length() == 2) {
      year += year < 50 ? 2000 : 1900;
    } else if (m.group(3).length() == 3) {
      year += 1900;
    }
    try {
      LocalDateTime local = LocalDateTime.of(year, month, Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      return OffsetDateTime.of(local, offset(m.group(7)));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static ZoneOffset offset(String zone) {
    if (zone == null) {
      return ZoneOffset.UTC;
    }
    if (zone.startsWith("+") || zone.startsWith("-")) {
      String digits = zone.replace(":", "");
      int hours = Integer.parseInt(digits.substring(1, 3));
      int minutes = Integer.parseInt(digits.substring(3, 5));
      int sign = zone.startsWith("-") ? -1 : 1;
      if (hours > 18 || minutes > 59) {
        return ZoneOffset.UTC;
      }
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    Integer hours = ZONES_HOURS.get(zone.toLowerCase(Locale.ROOT));
    return hours == null ? ZoneOffset.UTC : ZoneOffset.ofHours(hours);
  }
}
