package dev.switchboard.gateway.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A response clock that runs in business time while the ticket is in a running status and stands still otherwise
 * (waiting for the requester, on hold, resolved). Pure: the status history comes in, due instants come out, so the
 * same answer is computed after a restart or on another instance.
 */
public final class SlaClock {
  public static final Set<String> DEFAULT_STOPPED_STATUSES = Set.of("waiting", "on hold", "resolved", "closed", "spam");

  private final BusinessCalendar calendar;
  private final Set<String> stoppedStatuses;

  /**
   * @param stoppedStatuses statuses in which the clock does not run (paused or finished alike: a resolved ticket that
   *     is reopened runs on from where it stopped)
   */
  public SlaClock(BusinessCalendar calendar, Set<String> stoppedStatuses) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
    this.stoppedStatuses = Set.copyOf(stoppedStatuses);
  }

  public BusinessCalendar calendar() {
    return calendar;
  }

  public boolean runs(String status) {
    return !stoppedStatuses.contains(status);
  }

  /**
   * When {@code target} of running business time since {@code start} is used up, given the status history; empty
   * when the clock stands still at the end of the history (it is due again once the ticket runs, so the caller
   * recomputes on each status change). A status before the first change counts as running.
   */
  public Optional<Instant> due(Instant start, Duration target, List<StatusChange> history) {
    Duration remaining = target;
    Instant segmentStart = start;
    boolean running = runningAt(start, history);
    for (StatusChange change : history) {
      if (!change.at().isAfter(start)) {
        continue;
      }
      if (running) {
        Duration used = calendar.businessTimeBetween(segmentStart, change.at());
        if (used.compareTo(remaining) >= 0) {
          return Optional.of(calendar.addBusinessTime(segmentStart, remaining));
        }
        remaining = remaining.minus(used);
      }
      running = runs(change.status());
      segmentStart = change.at();
    }
    return running ? Optional.of(calendar.addBusinessTime(segmentStart, remaining)) : Optional.empty();
  }

  /** Running business time from {@code start} to {@code now}. */
  public Duration elapsed(Instant start, Instant now, List<StatusChange> history) {
    Duration total = Duration.ZERO;
    Instant segmentStart = start;
    boolean running = runningAt(start, history);
    for (StatusChange change : history) {
      if (!change.at().isAfter(start)) {
        continue;
      }
      if (!change.at().isBefore(now)) {
        break;
      }
      if (running) {
        total = total.plus(calendar.businessTimeBetween(segmentStart, change.at()));
      }
      running = runs(change.status());
      segmentStart = change.at();
    }
    return running ? total.plus(calendar.businessTimeBetween(segmentStart, now)) : total;
  }

  private boolean runningAt(Instant start, List<StatusChange> history) {
    String status = null;
    for (StatusChange change : history) {
      if (change.at().isAfter(start)) {
        break;
      }
      status = change.status();
    }
    return status == null || runs(status);
  }
}
