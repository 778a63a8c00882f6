package dev.switchboard.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What the daily digest needs to know about one ticket that is not done (resolved, closed or spam).
 *
 * @param lastActivityAt the ticket's last change or message
 * @param firstResponseAt null while no coordinator has answered
 * @param dueAt the earlier of the first- and next-response due times, or null when no response is due
 * @param attentionReason why the ticket is flagged, or null when it is not
 * @param holdDated an on-hold ticket with a date it comes back on (a pending {@code hold-ends} event)
 * @param missedCall a call to it was not answered (missed, busy, abandoned, voicemail)
 */
public record DigestTicket(
    long number,
    String subject,
    String status,
    String priority,
    String assignee,
    Instant createdAt,
    Instant lastActivityAt,
    Instant firstResponseAt,
    Instant dueAt,
    String attentionReason,
    boolean holdDated,
    boolean missedCall) {
  public DigestTicket {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastActivityAt, "lastActivityAt");
  }

  public boolean flagged() {
    return attentionReason != null;
  }
}
