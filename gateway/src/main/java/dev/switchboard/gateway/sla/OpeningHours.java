package dev.switchboard.gateway.sla;

import java.time.LocalTime;
import java.util.Objects;

/**
 * One opening interval of a day in local time, e.g. 08:00-17:00. An end of 00:00 means midnight at the end of the day,
 * so {@code 00:00-24:00} is the whole day.
 */
public record OpeningHours(LocalTime start, LocalTime end) {
  public static final OpeningHours WHOLE_DAY = new OpeningHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

  public OpeningHours {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!endsAtMidnight(end) && !end.isAfter(start)) {
      throw new IllegalArgumentException("opening hours must end after they start, was " + start + "-" + end);
    }
  }

  /** True when the interval runs to the end of its day. */
  public boolean toMidnight() {
    return endsAtMidnight(end);
  }

  private static boolean endsAtMidnight(LocalTime end) {
    return end.equals(LocalTime.MIDNIGHT);
  }

  @Override
  public String toString() {
    return start + "-" + (toMidnight() ? "24:00" : end.toString());
  }
}
