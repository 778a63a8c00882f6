package dev.switchboard.gateway.intake;

import java.util.Objects;

/** Whether a new ticket gets its automatic acknowledgment, and if not, why (recorded on the ticket). */
public record AcknowledgmentDecision(boolean allowed, String reason) {
  public AcknowledgmentDecision {
    if (!allowed) {
      Objects.requireNonNull(reason, "a suppressed acknowledgment needs a reason");
    }
  }

  public static AcknowledgmentDecision allow() {
    return new AcknowledgmentDecision(true, null);
  }

  public static AcknowledgmentDecision suppress(String reason) {
    return new AcknowledgmentDecision(false, reason);
  }
}
