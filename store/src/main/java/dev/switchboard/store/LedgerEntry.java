package dev.switchboard.store;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One received message in the intake ledger, without its bytes.
 *
 * @param ticketId the ticket holding the message (or the "unprocessable message" ticket of a failed one), or null
 * @param ticketNumber that ticket's number, or null
 * @param error the reason it was set aside or failed; a note for some imported mail; null otherwise
 * @param reprocessedBy who last sent it back to the intake ({@code token:<name>}), or null
 */
public record LedgerEntry(
    long id,
    long mailboxId,
    String mailbox,
    long uidValidity,
    long uid,
    int size,
    OffsetDateTime receivedAt,
    OffsetDateTime processedAt,
    LedgerState state,
    String error,
    Long ticketId,
    Long ticketNumber,
    OffsetDateTime reprocessedAt,
    String reprocessedBy,
    int reprocessCount) {
  public LedgerEntry {
    Objects.requireNonNull(mailbox, "mailbox");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(state, "state");
  }
}
