package dev.switchboard.gateway.config;

import dev.switchboard.gateway.sla.BusinessCalendar;
import dev.switchboard.gateway.sla.SlaClock;
import dev.switchboard.gateway.sla.SlaPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first-response clock: a business calendar and response targets per priority.
 *
 * @param timeZone zone of the opening hours and holidays
 * @param hours opening-hours specs like {@code mon-fri 08:00-17:00}, or {@code 24/7}
 * @param holidays days closed
 * @param firstResponse business time to the first coordinator reply, per priority
 * @param nextResponse business time from a requester's reply to the next coordinator reply, per priority
 * @param warnAtPercent coordinators are warned when this share of a target has passed
 * @param escalateTo addresses that also get the breach mail (a team lead, a shared inbox); may be empty
 */
public record SlaOptions(
    ZoneId timeZone,
    List<String> hours,
    List<LocalDate> holidays,
    Map<String, Duration> firstResponse,
    Map<String, Duration> nextResponse,
    int warnAtPercent,
    List<String> escalateTo) {
  public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
  public static final List<String> DEFAULT_HOURS = List.of("24/7");
  public static final int DEFAULT_WARN_AT_PERCENT = 80;
  // one or more of <number><unit>: 30m, 4h, 1d, 1h30m; d is one business day (the calendar's longest opening day)
  private static final Pattern TARGET = Pattern.compile("(?:\\d{1,5}[dhm])+");
  private static final Pattern PART = Pattern.compile("(\\d{1,5})([dhm])");

  /** 24/7 in UTC with the default targets: the clock works without an {@code sla} section. */
  public static final SlaOptions DEFAULTS = defaults(TicketOptions.DEFAULT_PRIORITIES);

  public SlaOptions {
    hours = List.copyOf(hours);
    holidays = List.copyOf(new TreeSet<>(holidays));
    firstResponse = Map.copyOf(firstResponse);
    nextResponse = Map.copyOf(nextResponse);
    escalateTo = escalateTo.stream().map(a -> a.strip().toLowerCase(Locale.ROOT)).distinct().toList();
  }

  private static SlaOptions defaults(List<String> priorities) {
    BusinessCalendar calendar = BusinessCalendar.of(DEFAULT_TIME_ZONE, DEFAULT_HOURS, Set.of());
    Map<String, Duration> targets = defaultTargets(calendar, priorities);
    return new SlaOptions(DEFAULT_TIME_ZONE, DEFAULT_HOURS, List.of(), targets, targets, DEFAULT_WARN_AT_PERCENT, List.of());
  }

  static SlaOptions from(ConfigNode n, List<String> priorities) {
    String zoneText = n.string("timeZone", DEFAULT_TIME_ZONE.getId());
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneText.strip());
    } catch (DateTimeException e) {
      throw new ConfigException(n.key("timeZone"), "must be a time zone like 'Europe/Berlin', was " + n.shown("timeZone", zoneText));
    }
    List<String> hours = n.has("hours") ? n.strings("hours") : DEFAULT_HOURS;
    n.strings("hours");
    List<LocalDate> holidays = new ArrayList<>();
    for (String h : n.strings("holidays")) {
      try {
        holidays.add(LocalDate.parse(h.strip()));
      } catch (DateTimeParseException e) {
        throw new ConfigException(n.key("holidays"), "must be ISO dates like 2026-12-25, was " + n.shown("holidays", h));
      }
    }
    BusinessCalendar calendar;
    try {
      calendar = BusinessCalendar.of(zone, hours, new TreeSet<>(holidays));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(n.key("hours"), e.getMessage());
    }
    Map<String, Duration> defaults = defaultTargets(calendar, priorities);
    Map<String, Duration> first = targets(n.child("firstResponse"), priorities, defaults, calendar);
    Map<String, Duration> next = targets(n.child("nextResponse"), priorities, defaults, calendar);
    List<String> escalateTo = n.strings("escalateTo");
    for (String a : escalateTo) {
      if (!a.contains("@") || a.strip().contains(" ")) {
        throw new ConfigException(n.key("escalateTo"), "must be mail addresses, was " + n.shown("escalateTo", a));
      }
    }
    SlaOptions o = new SlaOptions(zone, hours, holidays, first, next,
        n.integer("warnAtPercent", DEFAULT_WARN_AT_PERCENT, 1, 99), escalateTo);
    n.finish();
    return o;
  }

  /** The calendar and targets as the pure clock uses them. */
  public SlaPolicy policy() {
    BusinessCalendar calendar = calendar();
    return new SlaPolicy(new SlaClock(calendar, SlaClock.DEFAULT_STOPPED_STATUSES), firstResponse, nextResponse,
        warnAtPercent);
  }

  public BusinessCalendar calendar() {
    return BusinessCalendar.of(timeZone, hours, new TreeSet<>(holidays));
  }

  /** The issue's defaults, for the configured priorities; normal's target for a custom priority. */
  private static Map<String, Duration> defaultTargets(BusinessCalendar calendar, List<String> priorities) {
    Map<String, Duration> standard = SlaPolicy.defaultTargets(calendar);
    Map<String, Duration> out = new LinkedHashMap<>();
    out.put(SlaPolicy.FALLBACK_PRIORITY, standard.get(SlaPolicy.FALLBACK_PRIORITY));
    for (String p : priorities) {
      out.put(p, standard.getOrDefault(p, standard.get(SlaPolicy.FALLBACK_PRIORITY)));
    }
    return out;
  }

  private static Map<String, Duration> targets(
      ConfigNode n, List<String> priorities, Map<String, Duration> defaults, BusinessCalendar calendar) {
    Map<String, Duration> out = new LinkedHashMap<>(defaults);
    for (String p : priorities) {
      String text = n.string(p, null);
      if (text != null) {
        out.put(p, parseTarget(n, p, text, calendar));
      }
    }
    n.finish();
    return out;
  }

  static Duration parseTarget(ConfigNode n, String key, String text, BusinessCalendar calendar) {
    String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
    if (!TARGET.matcher(s).matches()) {
      throw new ConfigException(n.key(key), "must be a duration like 30m, 4h, 1h30m or 1d (one business day), was "
          + n.shown(key, text));
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(s);
    while (m.find()) {
      long amount = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "d" -> calendar.businessDay().multipliedBy(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofMinutes(amount);
      });
    }
    if (total.isZero()) {
      throw new ConfigException(n.key(key), "must be longer than zero");
    }
    return total;
  }

  JsonObject toJson() {
    JsonArray days = new JsonArray();
    holidays.forEach(d -> days.add(d.toString()));
    return new JsonObject()
        .put("timeZone", timeZone.getId())
        .put("hours", new JsonArray(hours))
        .put("holidays", days)
        .put("firstResponse", minutes(firstResponse))
        .put("nextResponse", minutes(nextResponse))
        .put("warnAtPercent", warnAtPercent)
        .put("escalateTo", new JsonArray(escalateTo));
  }

  private static JsonObject minutes(Map<String, Duration> targets) {
    JsonObject json = new JsonObject();
    new TreeMap<>(targets).forEach((p, d) -> json.put(p, d.toMinutes() + "m"));
    return json;
  }
}
