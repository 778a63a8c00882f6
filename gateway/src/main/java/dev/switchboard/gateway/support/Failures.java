package dev.switchboard.gateway.support;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.errors.SwitchboardException.Retry;

/** Reads a failure's retry flag, and describes failures for logs. */
public final class Failures {
  private Failures() {}

  /**
   * Whether the failure is worth retrying, as decided where it was raised: our code raises {@link
   * SwitchboardException}s, and the store's pool and the mail sessions translate their libraries' errors into them.
   * Anything else is a bug, and retrying a bug only repeats it.
   */
  public static boolean isTransient(Throwable t) {
    return SwitchboardException.retryOf(t) == Retry.TRANSIENT;
  }

  /** A short one-line description for logs and ticket notes: never a message body. */
  public static String describe(Throwable t) {
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
  }
}
