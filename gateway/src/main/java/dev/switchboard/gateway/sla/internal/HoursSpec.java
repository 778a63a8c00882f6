package dev.switchboard.gateway.sla.internal;

import dev.switchboard.gateway.sla.OpeningHours;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads opening-hours specs: {@code mon-fri 08:00-17:00}, {@code sat,sun 10:00-14:00}, {@code 24/7}. */
public final class HoursSpec {
  private static final Pattern SPEC =
      Pattern.compile("([a-z]{3}(?:\\s*-\\s*[a-z]{3})?(?:\\s*,\\s*[a-z]{3}(?:\\s*-\\s*[a-z]{3})?)*)\\s+"
          + "(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  private HoursSpec() {}

  public static Map<DayOfWeek, List<OpeningHours>> parse(List<String> specs) {
    Map<DayOfWeek, List<OpeningHours>> week = new EnumMap<>(DayOfWeek.class);
    for (String raw : specs) {
      String spec = raw.strip().toLowerCase(Locale.ROOT);
      if (spec.equals("24/7")) {
        for (DayOfWeek d : DayOfWeek.values()) {
          week.computeIfAbsent(d, k -> new ArrayList<>()).add(OpeningHours.WHOLE_DAY);
        }
        continue;
      }
      Matcher m = SPEC.matcher(spec);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + raw + "' is not like 'mon-fri 08:00-17:00' or '24/7'");
      }
      OpeningHours hours = new OpeningHours(time(m.group(2), raw), m.group(3).equals("24:00")
          ? LocalTime.MIDNIGHT : time(m.group(3), raw));
      for (String part : m.group(1).split(",")) {
        String[] range = part.strip().split("\\s*-\\s*");
        int from = day(range[0], raw);
        int to = range.length > 1 ? day(range[1], raw) : from;
        if (to < from) {
          throw new IllegalArgumentException("'" + raw + "' has a day range that runs backwards");
        }
        for (int d = from; d <= to; d++) {
          week.computeIfAbsent(DayOfWeek.of(d + 1), k -> new ArrayList<>()).add(hours);
        }
      }
    }
    return week;
  }

  private static int day(String name, String raw) {
    int i = DAYS.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("'" + raw + "' names '" + name + "', which is not one of " + DAYS);
    }
    return i;
  }

  private static LocalTime time(String s, String raw) {
    try {
      return LocalTime.parse(s.length() == 4 ? "0" + s : s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + raw + "' has an invalid time '" + s + "'");
    }
  }
}
