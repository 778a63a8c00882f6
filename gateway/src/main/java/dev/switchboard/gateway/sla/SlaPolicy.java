package dev.switchboard.gateway.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Response targets per priority on a business calendar. A priority without its own target uses {@code normal}'s.
 *
 * @param firstResponse business time from ticket creation to the first coordinator reply, per priority
 * @param nextResponse business time from a requester's reply to the next coordinator reply, per priority
 * @param warnAtPercent a warning is due when this share of a target has passed (1..99)
 */
public record SlaPolicy(
    SlaClock clock, Map<String, Duration> firstResponse, Map<String, Duration> nextResponse, int warnAtPercent) {
  public static final String FALLBACK_PRIORITY = "normal";

  public SlaPolicy {
    Objects.requireNonNull(clock, "clock");
    firstResponse = Map.copyOf(firstResponse);
    nextResponse = Map.copyOf(nextResponse);
    if (!firstResponse.containsKey(FALLBACK_PRIORITY) || !nextResponse.containsKey(FALLBACK_PRIORITY)) {
      throw new IllegalArgumentException("targets must include priority '" + FALLBACK_PRIORITY + "'");
    }
    if (warnAtPercent < 1 || warnAtPercent > 99) {
      throw new IllegalArgumentException("warnAtPercent must be 1..99, was " + warnAtPercent);
    }
  }

  /** The defaults of the issue: critical 30 min, high 1 h, normal 4 h, low one business day; the same for next responses. */
  public static SlaPolicy defaults(BusinessCalendar calendar) {
    Map<String, Duration> targets = defaultTargets(calendar);
    return new SlaPolicy(new SlaClock(calendar, SlaClock.DEFAULT_STOPPED_STATUSES), targets, targets, 80);
  }

  public static Map<String, Duration> defaultTargets(BusinessCalendar calendar) {
    return Map.of("critical", Duration.ofMinutes(30), "high", Duration.ofHours(1), "normal", Duration.ofHours(4),
        "low", calendar.businessDay());
  }

  public Duration firstResponseTarget(String priority) {
    return firstResponse.getOrDefault(priority, firstResponse.get(FALLBACK_PRIORITY));
  }

  public Duration nextResponseTarget(String priority) {
    return nextResponse.getOrDefault(priority, nextResponse.get(FALLBACK_PRIORITY));
  }

  /** First response due, counted from {@code createdAt}; empty while the clock stands still. */
  public Optional<Instant> firstResponseDue(String priority, Instant createdAt, List<StatusChange> history) {
    return clock.due(createdAt, firstResponseTarget(priority), history);
  }

  /** Next response due, counted from the requester's reply at {@code repliedAt}; empty while the clock stands still. */
  public Optional<Instant> nextResponseDue(String priority, Instant repliedAt, List<StatusChange> history) {
    return clock.due(repliedAt, nextResponseTarget(priority), history);
  }

  /** When the warning for a target is due: {@link #warnAtPercent()} of it used up. */
  public Optional<Instant> warningDue(Instant start, Duration target, List<StatusChange> history) {
    return clock.due(start, target.multipliedBy(warnAtPercent).dividedBy(100), history);
  }
}
