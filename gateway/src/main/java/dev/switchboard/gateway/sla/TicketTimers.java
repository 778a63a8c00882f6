package dev.switchboard.gateway.sla;

import dev.switchboard.store.ScheduledEventKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * What the ticket timers (holds that end, waiting reminders, auto-resolution) do. Pure: when a hold ends, and what a
 * due event does to a ticket given the status it has by then.
 */
public final class TicketTimers {
  public static final String ON_HOLD = "on hold";
  public static final String WAITING = "waiting";
  public static final String OPEN = "open";
  public static final String RESOLVED = "resolved";

  private TicketTimers() {}

  /** What a due timer does. */
  public enum Action {
    /** The ticket moved on meanwhile: the event is obsolete. */
    NOTHING,
    /** The hold is over: back to open, coordinators told. */
    REOPEN,
    /** Still waiting for the requester: remind them once. */
    REMIND,
    /** Still waiting after the reminder: resolve it. */
    RESOLVE,
    /** Still waiting, but the requester wrote since the timer started: start again from that mail. */
    RESTART
  }

  public static boolean isOnHold(String status) {
    return ON_HOLD.equals(status);
  }

  /** A hold until a date ends at the start of that day in the desk's zone (midnight, or the first moment after a gap). */
  public static Instant holdEnds(LocalDate until, ZoneId zone) {
    return until.atStartOfDay(zone).toInstant();
  }

  /** {@code days} business days (each the calendar's longest opening day) after {@code from}. */
  public static Instant afterBusinessDays(BusinessCalendar calendar, Instant from, int days) {
    return calendar.addBusinessTime(from, calendar.businessDay().multipliedBy(days));
  }

  /**
   * What a due waiting timer does, given when it started ({@code since}) and the requester's last mail on the ticket
   * (or null): a mail since then restarts the count instead of reminding or resolving.
   */
  public static Action onDue(ScheduledEventKind kind, String status, Instant since, Instant lastInbound) {
    Action action = onDue(kind, status);
    boolean waitingTimer = action == Action.REMIND || action == Action.RESOLVE;
    return waitingTimer && since != null && lastInbound != null && lastInbound.isAfter(since) ? Action.RESTART : action;
  }

  /** When a waiting timer with this target started ({@code waiting@<instant>}), or null. */
  public static Instant since(String target) {
    int at = target.indexOf('@');
    try {
      return at < 0 ? null : Instant.parse(target.substring(at + 1));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static String waitingTarget(Instant since) {
    return "waiting@" + since;
  }

  /** What a due event of {@code kind} does to a ticket now in {@code status}. */
  public static Action onDue(ScheduledEventKind kind, String status) {
    return switch (kind) {
      case HOLD_ENDS -> isOnHold(status) ? Action.REOPEN : Action.NOTHING;
      case WAITING_REMINDER -> WAITING.equals(status) ? Action.REMIND : Action.NOTHING;
      case AUTO_RESOLVE -> WAITING.equals(status) ? Action.RESOLVE : Action.NOTHING;
      default -> Action.NOTHING;
    };
  }
}
