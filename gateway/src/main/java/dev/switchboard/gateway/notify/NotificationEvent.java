package dev.switchboard.gateway.notify;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a coordinator can be told about a ticket, with the name used in the config ({@code agents.notifyEvents}) and
 * in the {@code notification} table.
 */
public enum NotificationEvent {
  /** A new ticket from a mail. */
  OPENED("opened", "New ticket"),
  /** The requester or a participant wrote on the ticket. */
  REPLY("reply", "New reply"),
  /** A missed (or abandoned, busy) call opened a ticket or was logged on one. */
  MISSED_CALL("missed-call", "Missed call"),
  /** A voicemail was left. */
  VOICEMAIL("voicemail", "Voicemail"),
  /** The ticket needs attention: a bounce, a stranger's or unverified mail, an unprocessable mail. */
  FLAGGED("flagged", "Needs attention"),
  /** A response target is close (the scheduler, at {@code sla.warnAtPercent}). */
  SLA_WARNING("sla-warning", "Response due soon"),
  /** A response target was missed. */
  SLA_BREACH("sla-breach", "Response target missed"),
  /** A hold with a date ended: the ticket is open again. */
  HOLD_ENDED("hold-ended", "Hold ended"),
  /** The daily digest ({@code notifications.digestAt}): about no one ticket. */
  DIGEST("digest", "Daily digest");

  /** Every event: what a coordinator gets unless the config says otherwise. */
  public static final Set<NotificationEvent> DEFAULTS = Set.copyOf(EnumSet.allOf(NotificationEvent.class));

  private final String wireName;
  private final String headline;

  NotificationEvent(String wireName, String headline) {
    this.wireName = wireName;
    this.headline = headline;
  }

  public String wireName() {
    return wireName;
  }

  /** A few words for the first line of the mail. */
  public String headline() {
    return headline;
  }

  public static Optional<NotificationEvent> fromWire(String name) {
    String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(e -> e.wireName.equals(n)).findFirst();
  }
}
