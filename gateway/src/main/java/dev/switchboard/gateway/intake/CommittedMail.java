package dev.switchboard.gateway.intake;

import dev.switchboard.store.RawMessage;
import java.nio.file.Path;
import java.util.Objects;

  /**
 * A raw message just committed, handed forward to processing: its bytes as fetched (not read back from the
 * database), or for a large message an empty content and the spool file it was fetched to.
 */
public record CommittedMail(RawMessage raw, Path spool) {
  public CommittedMail {
    Objects.requireNonNull(raw, "raw");
  }
}
