package dev.switchboard.gateway.sla;

import dev.switchboard.store.ScheduledEventKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

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
    RESOLVE
  }

  public static boolean isOnHold(String status) {
    return ON_HOLD.equals(status);
  }

  /** A hold until a date ends at the start of that day in the desk's zone (midnight, or the first moment after a gap). */
  public static Instant holdEnds(LocalDate until, ZoneId zone) {
    return until.atStartOfDay(zone).toInstant();
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
