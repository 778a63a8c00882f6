package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * The IMAP side of a mailbox.
 *
 * @param idle use IMAP IDLE when the server offers it, so new mail is seen within about a second
 * @param pollIntervalSeconds how often to look for new mail without IDLE (and as a safety net with it)
 * @param fetchBatchSize at most this many messages are fetched per round trip
 */
public record ImapOptions(
    String host,
    int port,
    TransportSecurity security,
    String username,
    String password,
    String folder,
    boolean idle,
    int pollIntervalSeconds,
    int fetchBatchSize,
    String trust) {

  static ImapOptions from(ConfigNode n) {
    TransportSecurity security = TransportSecurity.parse(n.oneOf("security", "tls", TransportSecurity.NAMES));
    ImapOptions o =
        new ImapOptions(
            n.requiredString("host"),
            n.integer("port", security == TransportSecurity.TLS ? 993 : 143, 1, 65535),
            security,
            n.requiredString("username"),
            n.requiredString("password"),
            n.string("folder", "INBOX"),
            n.bool("idle", true),
            n.integer("pollIntervalSeconds", 30, 1, 86_400),
            n.integer("fetchBatchSize", 500, 1, 10_000),
            n.string("trust", null));
    n.finish();
    return o;
  }

  @Override
  public String toString() {
    return Redaction.toString(this);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("host", host)
        .put("port", port)
        .put("security", security.wireName())
        .put("username", username)
        .put("password", password)
        .put("folder", folder)
        .put("idle", idle)
        .put("pollIntervalSeconds", pollIntervalSeconds)
        .put("fetchBatchSize", fetchBatchSize)
        .put("trust", trust);
  }
}
