package dev.switchboard.gateway.sla;

import dev.switchboard.gateway.sla.internal.HoursSpec;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the help desk works: a time zone, opening hours per weekday and holidays (whole days closed). Business time is
 * real elapsed time inside opening hours; opening hours are wall-clock times in the zone, so on a daylight-saving day
 * an interval that spans the change is an hour shorter or longer, like the working day it describes.
 *
 * @param zone the time zone of the opening hours and holidays
 * @param week opening intervals per weekday, sorted and not overlapping; a missing day is closed
 * @param holidays days closed whatever the weekday
 */
public record BusinessCalendar(ZoneId zone, Map<DayOfWeek, List<OpeningHours>> week, Set<LocalDate> holidays) {
  /** A search for opening hours gives up after this many days (a calendar whose days are all holidays). */
  private static final int MAX_DAYS = 3 * 366;

  public BusinessCalendar {
    Objects.requireNonNull(zone, "zone");
    EnumMap<DayOfWeek, List<OpeningHours>> copy = new EnumMap<>(DayOfWeek.class);
    week.forEach((day, hours) -> {
      List<OpeningHours> sorted = new ArrayList<>(hours);
      sorted.sort(Comparator.comparing(OpeningHours::start));
      for (int i = 1; i < sorted.size(); i++) {
        OpeningHours before = sorted.get(i - 1);
        if (before.toMidnight() || before.end().isAfter(sorted.get(i).start())) {
          throw new IllegalArgumentException("opening hours overlap on " + day + ": " + before + " and " + sorted.get(i));
        }
      }
      if (!sorted.isEmpty()) {
        copy.put(day, List.copyOf(sorted));
      }
    });
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("the calendar needs opening hours on at least one weekday");
    }
    week = Map.copyOf(copy);
    holidays = Set.copyOf(new TreeSet<>(holidays));
  }

  /** Open around the clock, every day, no holidays: business time is plain elapsed time. */
  public static BusinessCalendar alwaysOpen(ZoneId zone) {
    Map<DayOfWeek, List<OpeningHours>> week = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) {
      week.put(d, List.of(OpeningHours.WHOLE_DAY));
    }
    return new BusinessCalendar(zone, week, Set.of());
  }

  /**
   * From specs like {@code mon-fri 08:00-17:00}, {@code sat 09:00-12:00}, {@code mon,wed 13:00-18:00} or {@code 24/7};
   * a day may be named in several specs to get several intervals.
   *
   * @throws IllegalArgumentException naming the spec that cannot be read
   */
  public static BusinessCalendar of(ZoneId zone, List<String> hours, Set<LocalDate> holidays) {
    return new BusinessCalendar(zone, HoursSpec.parse(hours), holidays);
  }

  public boolean isAlwaysOpen() {
    return holidays.isEmpty() && week.size() == 7
        && week.values().stream().allMatch(h -> h.equals(List.of(OpeningHours.WHOLE_DAY)));
  }

  /**
   * One business day: the opening time of the longest weekday (24 h when always open), nominal wall-clock hours.
   * A target of "1 business day" is this much business time.
   */
  public Duration businessDay() {
    Duration longest = Duration.ZERO;
    for (List<OpeningHours> day : week.values()) {
      Duration total = Duration.ZERO;
      for (OpeningHours h : day) {
        Duration length = h.toMidnight()
            ? Duration.ofDays(1).minus(Duration.ofNanos(h.start().toNanoOfDay()))
            : Duration.between(h.start(), h.end());
        total = total.plus(length);
      }
      longest = total.compareTo(longest) > 0 ? total : longest;
    }
    return longest;
  }

  /**
   * The instant at which {@code target} of business time has passed since {@code start}. Starting outside opening
   * hours counts from the next opening; a target used up exactly at closing time is due at closing time.
   */
  public Instant addBusinessTime(Instant start, Duration target) {
    if (target.isNegative()) {
      throw new IllegalArgumentException("target must not be negative, was " + target);
    }
    if (target.isZero()) {
      return start;
    }
    Duration remaining = target;
    LocalDate day = start.atZone(zone).toLocalDate();
    for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
      for (Instant[] open : openIntervals(day)) {
        if (!open[1].isAfter(start)) {
          continue;
        }
        Instant from = open[0].isAfter(start) ? open[0] : start;
        Duration available = Duration.between(from, open[1]);
        if (remaining.compareTo(available) <= 0) {
          return from.plus(remaining);
        }
        remaining = remaining.minus(available);
      }
    }
    throw new IllegalStateException("no opening hours within " + MAX_DAYS + " days of " + start);
  }

  /** Business time from {@code from} to {@code to}; zero when {@code to} is not after {@code from}. */
  public Duration businessTimeBetween(Instant from, Instant to) {
    Duration total = Duration.ZERO;
    if (!to.isAfter(from)) {
      return total;
    }
    LocalDate last = to.atZone(zone).toLocalDate();
    for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
      for (Instant[] open : openIntervals(day)) {
        Instant s = open[0].isAfter(from) ? open[0] : from;
        Instant e = open[1].isBefore(to) ? open[1] : to;
        if (e.isAfter(s)) {
          total = total.plus(Duration.between(s, e));
        }
      }
    }
    return total;
  }

  /** The day's opening intervals as instants; none on a holiday or a closed weekday. */
  private List<Instant[]> openIntervals(LocalDate day) {
    List<OpeningHours> hours = holidays.contains(day) ? null : week.get(day.getDayOfWeek());
    if (hours == null) {
      return List.of();
    }
    List<Instant[]> out = new ArrayList<>(hours.size());
    for (OpeningHours h : hours) {
      // a wall-clock time inside a daylight-saving gap moves forward, one in an overlap takes the earlier offset
      Instant s = ZonedDateTime.of(day, h.start(), zone).toInstant();
      Instant e = h.toMidnight()
          ? day.plusDays(1).atStartOfDay(zone).toInstant()
          : ZonedDateTime.of(day, h.end(), zone).toInstant();
      out.add(new Instant[] {s, e});
    }
    return out;
  }
}
