package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * Mail to coordinators about tickets (who gets which events is per mailbox, under {@code agents}).
 *
 * @param ticketUrl the link to a ticket in each notification, {@code {number}} standing for its number (e.g.
 *     {@code https://desk.example.com/api/tickets/{number}} behind a proxy); null means the HTTP API's own address
 */
public record NotificationOptions(String ticketUrl) {
  public static final NotificationOptions DEFAULTS = new NotificationOptions(null);
  static final String NUMBER = "{number}";

  public NotificationOptions {
    if (ticketUrl != null && (!ticketUrl.matches("(?i)https?://\\S+") || !ticketUrl.contains(NUMBER))) {
      throw new IllegalArgumentException("a ticket URL is an http(s) URL with {number} in it");
    }
  }

  static NotificationOptions from(ConfigNode n) {
    String url = n.string("ticketUrl", null);
    if (url != null && (!url.matches("(?i)https?://\\S+") || !url.contains(NUMBER))) {
      throw new ConfigException(n.key("ticketUrl"), "must be an http:// or https:// URL containing " + NUMBER);
    }
    NotificationOptions o = new NotificationOptions(url);
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
    return json;
  }
}
