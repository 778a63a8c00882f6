package dev.switchboard.gateway.config;

import java.util.List;
import java.util.Locale;

/** How a mail connection is protected: in the clear, upgraded with STARTTLS, or TLS from the first byte. */
public enum TransportSecurity {
  NONE,
  STARTTLS,
  TLS;

  static final List<String> NAMES = List.of("none", "starttls", "tls");

  static TransportSecurity parse(String s) {
    return valueOf(s.toUpperCase(Locale.ROOT));
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
