package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * The SMTP server that relays our outbound mail.
 *
 * @param trust hosts whose TLS certificate is trusted without a CA (e.g. a self-signed relay), or "*"; null for
 *     normal certificate checking
 * @param auth password or OAuth2 (SASL XOAUTH2, user name required: the mailbox the token may send as)
 * @param oauth2 where the access tokens come from; null unless {@code auth} is oauth2
 */
public record SmtpOptions(
    String host,
    int port,
    TransportSecurity security,
    String username,
    String password,
    int timeoutSeconds,
    String trust,
    MailAuth auth,
    OAuth2Options oauth2) {

  public SmtpOptions {
    if ((auth == MailAuth.OAUTH2) != (oauth2 != null)) {
      throw new IllegalArgumentException("oauth2 options are given exactly when auth is oauth2");
    }
  }

  static SmtpOptions from(ConfigNode n) {
    TransportSecurity security = TransportSecurity.parse(n.oneOf("security", "starttls", TransportSecurity.NAMES));
    MailAuth auth = MailAuth.parse(n.oneOf("auth", "password", MailAuth.NAMES));
    OAuth2Options oauth2 = MailAuthReader.oauth2(n, auth);
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
            auth == MailAuth.OAUTH2 ? n.requiredString("username") : n.string("username", null),
            auth == MailAuth.OAUTH2 ? MailAuthReader.password(n, auth) : n.string("password", null),
            n.integer("timeoutSeconds", 30, 1, 600),
            n.string("trust", null),
            auth,
            oauth2);
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
        .put("trust", trust)
        .put("auth", auth.wireName())
        .put("oauth2", oauth2 == null ? null : oauth2.toJson());
  }
}
