package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Ticket-wide behaviour.
 *
 * @param subjectTag how the ticket number appears in subjects; must contain {@code {number}}, e.g. {@code [#{number}]}
 * @param acknowledgmentsPerSenderPerHour at most this many automatic acknowledgments go to one address per hour
 * @param templatesDirectory directory with template overrides for every mailbox, or null for the built-in ones
 * @param statuses the statuses a ticket can have; must include new, open, resolved and closed, which the gateway sets
 *     itself
 * @param priorities the priorities a ticket can have; must include normal, the priority of a new ticket
 * @param silentStatuses statuses that do not send the requester a status-update mail
 * @param reopenWindowDays a requester reply this many days after resolution reopens the ticket; later replies (and
 *     replies to closed tickets) open a new ticket that refers to the old one
 * @param replyTokenSecret HMAC key for per-ticket reply addresses, at least 16 characters; null disables them
 * @param spamStatus the status of a ticket opened by mail an upstream filter marked as spam; one of the statuses
 */
public record TicketOptions(
    String subjectTag,
    int acknowledgmentsPerSenderPerHour,
    String templatesDirectory,
    List<String> statuses,
    List<String> priorities,
    List<String> silentStatuses,
    int reopenWindowDays,
    String replyTokenSecret,
    String spamStatus,
    int waitingReminderDays,
    int autoResolveDays) {
  public static final String DEFAULT_SUBJECT_TAG = "[#{number}]";
  public static final List<String> DEFAULT_STATUSES =
      List.of("new", "open", "waiting", "on hold", "resolved", "closed", "spam");
  public static final List<String> DEFAULT_PRIORITIES = List.of("low", "normal", "high", "critical");
  public static final List<String> DEFAULT_SILENT_STATUSES = List.of("new", "open", "on hold", "spam");
  public static final String DEFAULT_SPAM_STATUS = "spam";
  public static final List<String> REQUIRED_STATUSES = List.of("new", "open", "resolved", "closed");
  public static final int DEFAULT_REOPEN_WINDOW_DAYS = 14;
  public static final int DEFAULT_WAITING_REMINDER_DAYS = 2;
  public static final int DEFAULT_AUTO_RESOLVE_DAYS = 5;
  public static final TicketOptions DEFAULTS =
      new TicketOptions(DEFAULT_SUBJECT_TAG, 3, null, DEFAULT_STATUSES, DEFAULT_PRIORITIES, DEFAULT_SILENT_STATUSES,
          DEFAULT_REOPEN_WINDOW_DAYS, null, DEFAULT_SPAM_STATUS, DEFAULT_WAITING_REMINDER_DAYS,
          DEFAULT_AUTO_RESOLVE_DAYS);

  public TicketOptions {
    statuses = List.copyOf(statuses);
    priorities = List.copyOf(priorities);
    silentStatuses = List.copyOf(silentStatuses);
  }

  static TicketOptions from(ConfigNode n) {
    String tag = n.string("subjectTag", DEFAULT_SUBJECT_TAG);
    if (!tag.contains("{number}")) {
      throw new ConfigException(n.key("subjectTag"), "must contain {number}, was " + n.shown("subjectTag", tag));
    }
    List<String> statuses = words(n, "statuses", DEFAULT_STATUSES);
    for (String required : REQUIRED_STATUSES) {
      if (!statuses.contains(required)) {
        throw new ConfigException(n.key("statuses"), "must include '" + required + "' (the gateway sets it itself)");
      }
    }
    List<String> priorities = words(n, "priorities", DEFAULT_PRIORITIES);
    if (!priorities.contains("normal")) {
      throw new ConfigException(n.key("priorities"), "must include 'normal' (the priority of a new ticket)");
    }
    List<String> silent = words(n, "silentStatuses", DEFAULT_SILENT_STATUSES);
    for (String s : silent) {
      if (!statuses.contains(s)) {
        throw new ConfigException(n.key("silentStatuses"), "names " + n.shown("silentStatuses", s) + ", which is not in statuses " + statuses);
      }
    }
    // a custom status list without "spam" files spam as new (still never answered) unless told otherwise
    String spamDefault = statuses.contains(DEFAULT_SPAM_STATUS) ? DEFAULT_SPAM_STATUS : "new";
    String spamStatus = n.string("spamStatus", spamDefault).strip().toLowerCase(Locale.ROOT);
    if (!statuses.contains(spamStatus)) {
      throw new ConfigException(n.key("spamStatus"), "names '" + spamStatus + "', which is not in statuses " + statuses);
    }
    String secret = n.string("replyTokenSecret", null);
    if (secret != null && secret.length() < 16) {
      throw new ConfigException(n.key("replyTokenSecret"), "must have at least 16 characters");
    }
    TicketOptions o =
        new TicketOptions(
            tag,
            n.integer("acknowledgmentsPerSenderPerHour", 3, 0, 1000),
            n.string("templatesDirectory", null),
            statuses,
            priorities,
            silent,
            n.integer("reopenWindowDays", DEFAULT_REOPEN_WINDOW_DAYS, 0, 3650),
            secret,
            spamStatus,
            n.integer("waitingReminderDays", DEFAULT_WAITING_REMINDER_DAYS, 0, 365),
            n.integer("autoResolveDays", DEFAULT_AUTO_RESOLVE_DAYS, 0, 365));
    n.finish();
    return o;
  }

  /** Lower-cased, single-spaced, unique words; a status is shown to requesters, so "On  Hold" becomes "on hold". */
  private static List<String> words(ConfigNode n, String name, List<String> defaults) {
    if (!n.has(name)) {
      n.strings(name);
      return defaults;
    }
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String s : n.strings(name)) {
      String w = s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
      if (!w.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,39}")) {
        throw new ConfigException(n.key(name), n.shown(name, s) + " must be letters, digits, spaces, '-' or '_' (max 40)");
      }
      if (!seen.add(w.replaceAll("[\\s_-]+", " "))) {
        throw new ConfigException(n.key(name), "lists " + n.shown(name, s) + " twice");
      }
      out.add(w);
    }
    return List.copyOf(out);
  }

  public boolean silent(String status) {
    return silentStatuses.contains(status);
  }

  @Override
  public String toString() {
    return Redaction.toString(this);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("subjectTag", subjectTag)
        .put("acknowledgmentsPerSenderPerHour", acknowledgmentsPerSenderPerHour)
        .put("templatesDirectory", templatesDirectory)
        .put("statuses", new JsonArray(statuses))
        .put("priorities", new JsonArray(priorities))
        .put("silentStatuses", new JsonArray(silentStatuses))
        .put("reopenWindowDays", reopenWindowDays)
        .put("replyTokenSecret", replyTokenSecret)
        .put("spamStatus", spamStatus)
        .put("waitingReminderDays", waitingReminderDays)
        .put("autoResolveDays", autoResolveDays);
  }
}
