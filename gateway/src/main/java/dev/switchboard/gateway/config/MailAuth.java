package dev.switchboard.gateway.config;

import java.util.List;
import java.util.Locale;

/** How Switchboard signs in to a mail server: with a password, or with an OAuth2 access token (SASL XOAUTH2). */
public enum MailAuth {
  PASSWORD,
  OAUTH2;

  static final List<String> NAMES = List.of("password", "oauth2");

  static MailAuth parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
