package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * The SMTP server that relays our outbound mail.
 *
 * @param trust hosts whose TLS certificate is trusted without a CA (e.g. a self-signed relay), or "*"; null for
 *     normal certificate checking
 */
public record SmtpOptions(
    String host,
    int port,
    TransportSecurity security,
    String username,
    String password,
    int timeoutSeconds,
    String trust) {

  static SmtpOptions from(ConfigNode n) {
    TransportSecurity security = TransportSecurity.parse(n.oneOf("security", "starttls", TransportSecurity.NAMES));
    int defaultPort = switch (security) {
      case NONE -> 25;
      case STARTTLS -> 587;
      case TLS -> 465;
    };
    SmtpOptions o =
        new SmtpOptions(
            n.requiredString("host"),
            n.integer("port", defaultPort, 1, 65535),
            security,
            n.string("username", null),
            n.string("password", null),
            n.integer("timeoutSeconds", 30, 1, 600),
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
        .put("timeoutSeconds", timeoutSeconds)
        .put("trust", trust);
  }
}
