package dev.switchboard.store;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/** API tokens by name, looked up by the SHA-256 of the token a request carries. */
public final class ApiTokenRepository {
  /** Letters, digits, dot, dash, underscore, at sign: the name is shown in audit trails as {@code token:<name>}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private static final String COLUMNS = "id, name, role, created_at, revoked_at, last_used_at";
  private static final String CREATE =
      "insert into api_token (name, role, token_sha256) values ($1, $2, $3) on conflict (name) do nothing returning "
          + COLUMNS;
  private static final String LIST = "select " + COLUMNS + " from api_token order by name";
  private static final String ACTIVE_BY_HASH =
      "select " + COLUMNS + " from api_token where token_sha256 = $1 and revoked_at is null";
  private static final String REVOKE =
      "update api_token set revoked_at = now() where name = $1 and revoked_at is null returning " + COLUMNS;
  private static final String TOUCH = "update api_token set last_used_at = now() where id = $1";

  private static final Function<Row, ApiToken> TOKEN =
      r -> new ApiToken(r.getLong("id"), r.getString("name"), ApiRole.of(r.getString("role")),
          r.getOffsetDateTime("created_at"), r.getOffsetDateTime("revoked_at"), r.getOffsetDateTime("last_used_at"));

  private final SqlClient client;

  public ApiTokenRepository(SqlClient client) {
    this.client = client;
  }

  /** Stores a new token; null when the name is taken (revoked tokens keep their names, so the audit trail stays clear). */
  public Future<ApiToken> create(String name, ApiRole role, byte[] sha256) {
    if (name == null || !NAME.matcher(name).matches()) {
      return Future.failedFuture(SwitchboardException.permanent(
          "token name must be 1 to 64 letters, digits, '.', '_', '-' or '@', starting with a letter or digit"));
    }
    if (sha256 == null || sha256.length != 32) {
      return Future.failedFuture(SwitchboardException.permanent("token hash must be 32 bytes of SHA-256"));
    }
    Objects.requireNonNull(role, "role");
    return client.preparedQuery(CREATE).execute(Tuple.of(name, role.label(), Buffer.buffer(sha256)))
        .map(rows -> Rows.first(rows, TOKEN));
  }

  /** Every token, valid or revoked, by name. */
  public Future<List<ApiToken>> list() {
    return client.query(LIST).execute().map(rows -> Rows.list(rows, TOKEN));
  }

  /** The valid (not revoked) token with this hash, or null. */
  public Future<ApiToken> findActive(byte[] sha256) {
    return client.preparedQuery(ACTIVE_BY_HASH).execute(Tuple.of(Buffer.buffer(sha256)))
        .map(rows -> Rows.first(rows, TOKEN));
  }

  /** Revokes the token with this name; the revoked token, or null when there is no valid token by that name. */
  public Future<ApiToken> revoke(String name) {
    return client.preparedQuery(REVOKE).execute(Tuple.of(name)).map(rows -> Rows.first(rows, TOKEN));
  }

  /**
   * Records that the token was used, at most once per {@code granularity}: a write per request would cost more than
   * the lookup itself.
   */
  public Future<Void> touch(ApiToken token, OffsetDateTime now, Duration granularity) {
    if (token.lastUsedAt() != null && token.lastUsedAt().plus(granularity).isAfter(now)) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(TOUCH).execute(Tuple.of(token.id())).mapEmpty();
  }
}
