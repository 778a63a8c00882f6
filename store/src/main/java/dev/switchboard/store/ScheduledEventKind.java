package dev.switchboard.store;

import java.util.Locale;

/** What a scheduled event does when it is due; stored as its {@link #wireName()}. */
public enum ScheduledEventKind {
  SLA_WARNING,
  SLA_BREACH,
  WAITING_REMINDER,
  AUTO_RESOLVE,
  HOLD_ENDS,
  /** The daily digest to coordinators; about no one ticket. */
  DIGEST;

  /** The stored name: {@code sla-warning}, {@code hold-ends}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static ScheduledEventKind fromWire(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
