package dev.switchboard.gateway.oauth;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.errors.SwitchboardException.Retry;

/**
 * A token could not be had. The message is written for the person who has to fix it ("re-authorise mailbox support:
 * the refresh token was rejected: invalid_grant") and is what {@code /health} shows; it never holds a secret.
 */
public final class OAuth2Exception extends SwitchboardException {
  /** What went wrong, in terms of what to do about it. */
  public enum Reason {
    /** The refresh token was revoked or expired: run {@code switchboard oauth login} again. */
    REAUTHORISE,
    /** Wrong client id or secret, or an expired secret. */
    CLIENT_CREDENTIALS,
    /** An administrator has not granted the app the permission yet. */
    CONSENT,
    /** The app may not use this grant or scope: the app registration needs a change. */
    APP_REGISTRATION,
    /** The provider is unreachable, slow or failing: retried with backoff. */
    UNAVAILABLE,
    /** Anything else the provider refused. */
    REJECTED
  }

  private final Reason reason;

  public OAuth2Exception(Reason reason, String message, Throwable cause) {
    super(reason == Reason.UNAVAILABLE ? Retry.TRANSIENT : Retry.PERMANENT, message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
