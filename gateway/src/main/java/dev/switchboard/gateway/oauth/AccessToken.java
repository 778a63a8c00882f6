package dev.switchboard.gateway.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth2 access token and when it stops working. Printed without its value.
 *
 * @param issuedAt when we received it, by our clock
 * @param refreshToken a new refresh token the provider handed out with it (rotation), or null
 */
public record AccessToken(String value, Instant issuedAt, Instant expiresAt, String refreshToken) {
  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Whether to fetch a new token rather than use this one: {@code skew} before it expires, or half-way through its
   * life when it lives shorter than twice the skew (a server that hands out two-minute tokens still gets used).
   */
  public boolean needsRefresh(Instant now, Duration skew) {
    Duration lifetime = Duration.between(issuedAt, expiresAt);
    Duration margin = lifetime.compareTo(skew.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : skew;
    return !now.isBefore(expiresAt.minus(margin));
  }

  @Override
  public String toString() {
    return "AccessToken[value=***, issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
  }
}
