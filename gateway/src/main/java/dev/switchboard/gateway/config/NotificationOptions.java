package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * Mail to coordinators about tickets (who gets which events is per mailbox, under {@code agents}).
 *
 * @param ticketUrl the link to a ticket in each notification, {@code {number}} standing for its number (e.g.
 *     {@code https://desk.example.com/api/tickets/{number}} behind a proxy); null means the HTTP API's own address
 * @param attachMaxBytes how many bytes of the requester's files (or a voicemail's recording) one notification carries;
 *     files past it are listed, not attached, and the mail says so. 0 attaches nothing
 * @param digestAt when the daily digest goes out, local time in {@code sla.timeZone}; null: no digest
 * @param receipts whether a coordinator whose {@code #commands} changed a ticket gets a mail of what changed
 */
public record NotificationOptions(String ticketUrl, long attachMaxBytes, LocalTime digestAt, boolean receipts) {
  public static final long DEFAULT_ATTACH_MAX_BYTES = 10L * 1024 * 1024;
  // what mail servers commonly accept in one message, base64 included
  static final long MAX_ATTACH_BYTES = 1024L * 1024 * 1024;
  public static final NotificationOptions DEFAULTS = new NotificationOptions(null, DEFAULT_ATTACH_MAX_BYTES, null, true);
  static final String NUMBER = "{number}";

  public NotificationOptions {
    if (ticketUrl != null && (!ticketUrl.matches("(?i)https?://\\S+") || !ticketUrl.contains(NUMBER))) {
      throw new IllegalArgumentException("a ticket URL is an http(s) URL with {number} in it");
    }
    if (attachMaxBytes < 0 || attachMaxBytes > MAX_ATTACH_BYTES) {
      throw new IllegalArgumentException("attachMaxBytes must be between 0 and " + MAX_ATTACH_BYTES);
    }
  }

  static NotificationOptions from(ConfigNode n) {
    String url = n.string("ticketUrl", null);
    if (url != null && (!url.matches("(?i)https?://\\S+") || !url.contains(NUMBER))) {
      throw new ConfigException(n.key("ticketUrl"), "must be an http:// or https:// URL containing " + NUMBER);
    }
    long attach = LimitsOptions.bytes(n, "attachMaxBytes", DEFAULT_ATTACH_MAX_BYTES, 0, MAX_ATTACH_BYTES);
    String at = n.string("digestAt", null);
    LocalTime digestAt = null;
    if (at != null) {
      try {
        digestAt = LocalTime.parse(at.strip().length() == 4 ? "0" + at.strip() : at.strip());
      } catch (DateTimeParseException e) {
        throw new ConfigException(n.key("digestAt"), "must be a time of day such as 08:00, was " + n.shown("digestAt", at));
      }
    }
    NotificationOptions o = new NotificationOptions(url, attach, digestAt, n.bool("receipts", true));
    n.finish();
    return o;
  }

  /** The link to a ticket: {@code ticketUrl}, else the API's listening address. */
  public String ticketUrl(HttpOptions http, long number) {
    return ticketUrl != null
        ? ticketUrl.replace(NUMBER, Long.toString(number))
        : "http://" + http.host() + ":" + http.port() + "/tickets/" + number;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (ticketUrl != null) {
      json.put("ticketUrl", ticketUrl);
    }
    json.put("attachMaxBytes", attachMaxBytes).put("receipts", receipts);
    if (digestAt != null) {
      json.put("digestAt", digestAt.toString());
    }
    return json;
  }
}
