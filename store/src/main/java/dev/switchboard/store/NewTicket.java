package dev.switchboard.store;

import java.util.Objects;

/** What is known when a ticket is opened. */
public record NewTicket(
    Long mailboxId,
    String subject,
    String status,
    String priority,
    Long requesterId,
    String channel,
    boolean needsAttention,
    String attentionReason) {
  public NewTicket {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(channel, "channel");
    if (needsAttention && attentionReason == null) {
      throw new IllegalArgumentException("a ticket that needs attention needs a reason");
    }
  }
}
