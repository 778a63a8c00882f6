package dev.switchboard.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a received message stands in the intake ledger, as an operator reads it. Derived from the raw message's
 * stored state, its reason and whether a ticket holds it; see {@link #of}.
 */
public enum LedgerState {
  /** Committed, not yet turned into ticket data (waiting, or left by a crash). */
  PENDING,
  /** On a ticket. */
  IMPORTED,
  /** Processed on purpose into no ticket, with the reason (a bounce of mail we never sent, for example). */
  SET_ASIDE,
  /** The same Message-ID was already imported from this mailbox. */
  DUPLICATE,
  /** Processing failed; the reason says why (an "unprocessable message" ticket usually holds it). */
  FAILED;

  /** The name used in the API and the CLI: {@code set-aside}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The state named {@code label} ({@code set-aside}, {@code failed}, ...), or an IllegalArgumentException. */
  public static LedgerState of(String label) {
    for (LedgerState s : values()) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IllegalArgumentException("state must be one of "
        + Arrays.stream(values()).map(LedgerState::label).collect(Collectors.joining(", ")) + ", was '" + label + "'");
  }

  /**
   * The ledger state of a raw message whose stored state is {@code stored}: processed with a reason and no ticket is
   * set aside; processed with a ticket (even with a note) is imported.
   */
  public static LedgerState of(RawMessageRepository.State stored, String error, boolean onTicket) {
    return switch (stored) {
      case RECEIVED -> PENDING;
      case DUPLICATE -> DUPLICATE;
      case FAILED -> FAILED;
      case PROCESSED -> error != null && !onTicket ? SET_ASIDE : IMPORTED;
    };
  }

  /** Only mail that went nowhere can be sent back to the intake; anything else would file it twice. */
  public boolean replayable() {
    return this == SET_ASIDE || this == FAILED;
  }
}
