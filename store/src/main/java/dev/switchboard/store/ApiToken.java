package dev.switchboard.store;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An API token as stored: its name and role, never the token itself (only its hash is kept, and that stays in the
 * repository).
 *
 * @param revokedAt null while the token is valid
 * @param lastUsedAt when a request last carried it, to about a minute; null when never used
 */
public record ApiToken(
    long id, String name, ApiRole role, OffsetDateTime createdAt, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {
  public ApiToken {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean revoked() {
    return revokedAt != null;
  }
}
