package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.testing.DatabaseTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApiTokenRepositoryTest extends DatabaseTest {
  private static byte[] hash(int seed) {
    byte[] h = new byte[32];
    Arrays.fill(h, (byte) seed);
    return h;
  }

  @Test
  void createdTokenIsFoundByItsHashUntilRevoked() {
    ApiTokenRepository tokens = new ApiTokenRepository(pool);
    ApiToken created = tokens.create("ops-bot", ApiRole.AGENT, hash(1)).await();
    assertThat(created.name()).isEqualTo("ops-bot");
    assertThat(created.role()).isEqualTo(ApiRole.AGENT);
    assertThat(created.revoked()).isFalse();

    assertThat(tokens.findActive(hash(1)).await()).extracting(ApiToken::id).isEqualTo(created.id());
    assertThat(tokens.findActive(hash(2)).await()).isNull();

    assertThat(tokens.revoke("ops-bot").await().revoked()).isTrue();
    assertThat(tokens.findActive(hash(1)).await()).isNull();
    assertThat(tokens.revoke("ops-bot").await()).as("revoking twice finds no valid token").isNull();
    assertThat(tokens.list().await()).singleElement().matches(ApiToken::revoked);
  }

  @Test
  void namesAreUniqueEvenAfterRevocation() {
    ApiTokenRepository tokens = new ApiTokenRepository(pool);
    tokens.create("desk", ApiRole.READER, hash(1)).await();
    tokens.revoke("desk").await();
    assertThat(tokens.create("desk", ApiRole.ADMIN, hash(2)).await()).isNull();
    assertThat(tokens.list().await()).extracting(ApiToken::role).containsExactly(ApiRole.READER);
  }

  @Test
  void badNamesAndHashesAreRefused() {
    ApiTokenRepository tokens = new ApiTokenRepository(pool);
    assertThatThrownBy(() -> tokens.create("bad name", ApiRole.READER, hash(1)).await())
        .hasMessageContaining("token name");
    assertThatThrownBy(() -> tokens.create("ok", ApiRole.READER, new byte[5]).await())
        .hasMessageContaining("32 bytes");
  }

  @Test
  void useIsRecordedAtMostOncePerGranularity() {
    ApiTokenRepository tokens = new ApiTokenRepository(pool);
    ApiToken t = tokens.create("desk", ApiRole.READER, hash(1)).await();
    OffsetDateTime now = OffsetDateTime.now();
    tokens.touch(t, now, Duration.ofMinutes(1)).await();
    ApiToken used = tokens.findActive(hash(1)).await();
    assertThat(used.lastUsedAt()).isNotNull();

    pool.query("update api_token set last_used_at = '2000-01-01T00:00:00Z'").execute().await();
    ApiToken old = tokens.findActive(hash(1)).await();
    // a fresh last-use within the minute is not written again; a stale one is
    tokens.touch(new ApiToken(old.id(), old.name(), old.role(), old.createdAt(), null, now), now, Duration.ofMinutes(1))
        .await();
    assertThat(tokens.findActive(hash(1)).await().lastUsedAt().getYear()).isEqualTo(2000);
    tokens.touch(old, now, Duration.ofMinutes(1)).await();
    assertThat(tokens.findActive(hash(1)).await().lastUsedAt().getYear()).isGreaterThan(2000);
  }

  @Test
  void rolesIncludeTheOnesBelowThem() {
    assertThat(ApiRole.ADMIN.permits(ApiRole.AGENT)).isTrue();
    assertThat(ApiRole.AGENT.permits(ApiRole.READER)).isTrue();
    assertThat(ApiRole.READER.permits(ApiRole.AGENT)).isFalse();
    assertThat(ApiRole.AGENT.permits(ApiRole.ADMIN)).isFalse();
    assertThat(ApiRole.of(" Agent ")).isEqualTo(ApiRole.AGENT);
    assertThatThrownBy(() -> ApiRole.of("root")).hasMessage("role must be reader, agent or admin, was 'root'");
  }
}
