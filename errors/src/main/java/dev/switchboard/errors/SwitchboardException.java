package dev.switchboard.errors;

import java.util.Objects;

/**
 * The one base exception of Switchboard. It answers the only question a caller has to ask of a failure, is it worth
 * trying again, and the answer is decided where the error is raised (or where a library's error enters our code),
 * never guessed later from class names or message text. Transient faults (a server down, a timeout) back off and
 * retry; permanent ones (bad data, bad config, a bug) quarantine the item with a reason.
 */
public class SwitchboardException extends RuntimeException {
  /** Whether the same work, unchanged, may succeed later. */
  public enum Retry {
    /** The world may change: a server comes back, a lock is released, a timeout does not recur. */
    TRANSIENT,
    /** The same input fails the same way: retrying only repeats the failure. */
    PERMANENT
  }

  private final Retry retry;

  public SwitchboardException(Retry retry, String message) {
    this(retry, message, null);
  }

  public SwitchboardException(Retry retry, String message, Throwable cause) {
    super(message, cause);
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  public static SwitchboardException permanent(String message) {
    return new SwitchboardException(Retry.PERMANENT, message);
  }

  public static SwitchboardException permanent(String message, Throwable cause) {
    return new SwitchboardException(Retry.PERMANENT, message, cause);
  }

  public static SwitchboardException transientFault(String message) {
    return new SwitchboardException(Retry.TRANSIENT, message);
  }

  public static SwitchboardException transientFault(String message, Throwable cause) {
    return new SwitchboardException(Retry.TRANSIENT, message, cause);
  }

  public Retry retry() {
    return retry;
  }

  public boolean isTransient() {
    return retry == Retry.TRANSIENT;
  }

  /**
   * The flag of the outermost {@code SwitchboardException} in the cause chain. A failure that carries none was not
   * raised by our code nor translated at an edge: a bug, which retrying would only repeat.
   */
  public static Retry retryOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SwitchboardException s) {
        return s.retry;
      }
    }
    return Retry.PERMANENT;
  }
}
