package dev.switchboard.store;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A ticket as stored, with its requester's address and name joined in.
 *
 * @param followsTicketNumber the resolved or closed ticket this one continues (a late reply opened it), or null
 * @param firstResponseDueAt when the first response is due; null once answered, while paused, or without a clock
 * @param nextResponseDueAt when the answer to a requester's reply is due, or null
 */
public record Ticket(
    long id,
    long number,
    Long mailboxId,
    String subject,
    String status,
    String priority,
    Long requesterId,
    String requesterEmail,
    String requesterName,
    String assignee,
    String channel,
    boolean needsAttention,
    String attentionReason,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime acknowledgedAt,
    OffsetDateTime firstResponseAt,
    OffsetDateTime resolvedAt,
    OffsetDateTime closedAt,
    Long followsTicketNumber,
    OffsetDateTime firstResponseDueAt,
    OffsetDateTime nextResponseDueAt) {
  public Ticket {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(channel, "channel");
  }
}
