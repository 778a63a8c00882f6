package dev.switchboard.store;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One resource's lease: who works it, until when, and the fencing number of the acquisition. An owner that lost the
 * lease holds a lower fencing number than the current one, so its writes can be refused.
 *
 * @param owner the holding instance, or null after a release
 */
public record Lease(String resource, String owner, long fencing, OffsetDateTime acquiredAt, OffsetDateTime expiresAt) {
  public Lease {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Held by someone at {@code now} (a time read from the database). */
  public boolean heldAt(OffsetDateTime now) {
    return owner != null && expiresAt.isAfter(now);
  }
}
