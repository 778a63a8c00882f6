package dev.switchboard.store;

/**
 * The one base exception of Switchboard. It answers the only question a caller has to ask of a failure: is it worth
 * trying again? Transient faults (a server down, a timeout) back off and retry; permanent ones (bad data, bad config)
 * quarantine the item with a reason.
 */
public class SwitchboardException extends RuntimeException {
  private final boolean transientFault;

  public SwitchboardException(String message, boolean transientFault) {
    super(message);
    this.transientFault = transientFault;
  }

  public SwitchboardException(String message, boolean transientFault, Throwable cause) {
    super(message, cause);
    this.transientFault = transientFault;
  }

  public static SwitchboardException permanent(String message) {
    return new SwitchboardException(message, false);
  }

  public static SwitchboardException transientFault(String message, Throwable cause) {
    return new SwitchboardException(message, true, cause);
  }

  public boolean isTransient() {
    return transientFault;
  }
}
