package dev.switchboard.gateway.config;

/** The keys that IMAP and SMTP share for signing in: {@code auth}, {@code password}, {@code oauth2}. */
final class MailAuthReader {
  private MailAuthReader() {}

  static OAuth2Options oauth2(ConfigNode n, MailAuth auth) {
    if (auth == MailAuth.OAUTH2) {
      if (!n.has("oauth2")) {
        throw new ConfigException(n.key("oauth2"), "is required when auth is oauth2");
      }
      return OAuth2Options.from(n.child("oauth2"), true);
    }
    if (n.has("oauth2")) {
      throw new ConfigException(n.key("oauth2"), "is only used when auth is oauth2");
    }
    n.child("oauth2");
    return null;
  }

  /** Required with a password, refused with OAuth2 (a leftover password there would be a secret lying around). */
  static String password(ConfigNode n, MailAuth auth) {
    if (auth == MailAuth.PASSWORD) {
      return n.requiredString("password");
    }
    if (n.has("password")) {
      throw new ConfigException(n.key("password"), "is not used when auth is oauth2");
    }
    n.string("password", null);
    return null;
  }
}
