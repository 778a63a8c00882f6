package dev.switchboard.gateway.oauth.internal;

import java.time.Duration;
import java.time.Instant;

/** What to do after each answer of the token endpoint while a person signs in on another device (RFC 8628 §3.5). */
public final class DevicePolls {
  /** RFC 8628 §3.5: slow_down adds five seconds to the interval, for this and all later polls. */
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  /** The next step. */
  public sealed interface Step {}

  /** Poll again after this long. */
  public record Wait(Duration interval) implements Step {}

  /** Give up with a message for the person at the terminal. */
  public record Fail(String message) implements Step {}

  private DevicePolls() {}

  /** The step after an error answer {@code error} (null for no error code at all) at {@code now}. */
  public static Step next(String error, Duration interval, Instant now, Instant expiresAt) {
    Step step = switch (error == null ? "" : error) {
      case "authorization_pending" -> new Wait(interval);
      case "slow_down" -> new Wait(interval.plus(SLOW_DOWN_STEP));
      case "access_denied" -> new Fail("the sign-in was declined (access_denied); run the command again to retry");
      case "expired_token" -> new Fail("the code expired before the sign-in finished (expired_token); run the command again");
      default -> new Fail("the token endpoint refused: " + (error == null ? "no error code" : error));
    };
    if (step instanceof Wait w && !now.plus(w.interval()).isBefore(expiresAt)) {
      return new Fail("the code expired before the sign-in finished; run the command again");
    }
    return step;
  }
}
