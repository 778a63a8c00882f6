package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a call does to tickets ({@code telephony.tickets}).
 *
 * @param answered {@code log-on-open-ticket}: an answered call is logged on the caller's open ticket, and only recorded
 *     when there is none; {@code new-ticket}: every answered inbound call opens a ticket
 * @param missedWindowMinutes a call-back call (see {@code callBackFor}) from a number whose earlier call-back call
 *     within this window is on a still-open ticket joins that ticket
 * @param callBackFor dispositions of inbound calls that need a call back and open a "Call back" ticket
 * @param mailbox the mailbox phone tickets belong to (its address and templates answer later mail), or null
 */
public record CallTicketOptions(String answered, int missedWindowMinutes, List<String> callBackFor, String mailbox) {
  public static final String LOG_ON_OPEN_TICKET = "log-on-open-ticket";
  public static final String NEW_TICKET = "new-ticket";
  public static final List<String> ANSWERED_POLICIES = List.of(LOG_ON_OPEN_TICKET, NEW_TICKET);
  public static final List<String> DEFAULT_CALL_BACK_FOR = List.of("missed", "abandoned", "voicemail");
  public static final Set<String> CALL_BACK_DISPOSITIONS = Set.of("missed", "abandoned", "voicemail", "busy", "failed");
  public static final int DEFAULT_MISSED_WINDOW_MINUTES = 120;
  public static final CallTicketOptions DEFAULTS =
      new CallTicketOptions(LOG_ON_OPEN_TICKET, DEFAULT_MISSED_WINDOW_MINUTES, DEFAULT_CALL_BACK_FOR, null);

  public CallTicketOptions {
    callBackFor = List.copyOf(callBackFor);
  }

  static CallTicketOptions from(ConfigNode n, Set<String> mailboxNames) {
    String answered = n.oneOf("answered", LOG_ON_OPEN_TICKET, ANSWERED_POLICIES);
    int window = n.integer("missedWindowMinutes", DEFAULT_MISSED_WINDOW_MINUTES, 0, 30 * 24 * 60);
    List<String> callBackFor =
        n.has("callBackFor")
            ? n.strings("callBackFor").stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).toList()
            : DEFAULT_CALL_BACK_FOR;
    for (String d : callBackFor) {
      if (!CALL_BACK_DISPOSITIONS.contains(d)) {
        throw new ConfigException(n.key("callBackFor"), "must list dispositions out of "
            + CALL_BACK_DISPOSITIONS.stream().sorted().toList() + ", had '" + d + "'");
      }
    }
    n.strings("callBackFor");
    String mailbox = n.string("mailbox", null);
    if (mailbox != null && !mailboxNames.contains(mailbox)) {
      throw new ConfigException(n.key("mailbox"), "names no configured mailbox: '" + mailbox + "'");
    }
    n.finish();
    return new CallTicketOptions(answered, window, callBackFor, mailbox);
  }

  public boolean newTicketForAnswered() {
    return NEW_TICKET.equals(answered);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("answered", answered)
        .put("missedWindowMinutes", missedWindowMinutes)
        .put("callBackFor", new JsonArray(callBackFor))
        .put("mailbox", mailbox);
  }
}
