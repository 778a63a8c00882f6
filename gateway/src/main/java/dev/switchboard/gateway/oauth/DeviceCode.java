package dev.switchboard.gateway.oauth;

import java.time.Duration;
import java.time.Instant;

/**
 * What the device authorisation endpoint handed out (RFC 8628 §3.2): a person opens {@code verificationUri} and enters
 * {@code userCode}; meanwhile we poll with {@code deviceCode}. Printed without the device code.
 */
public record DeviceCode(
    String deviceCode, String userCode, String verificationUri, Instant expiresAt, Duration interval, String message) {
  @Override
  public String toString() {
    return "DeviceCode[userCode=" + userCode + ", verificationUri=" + verificationUri + ", expiresAt=" + expiresAt + "]";
  }
}
