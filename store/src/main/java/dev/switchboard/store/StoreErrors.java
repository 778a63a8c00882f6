package dev.switchboard.store;

import dev.switchboard.errors.SqlStateClass;
import dev.switchboard.errors.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Where the database client's failures enter Switchboard: each becomes a {@link SwitchboardException} whose retry flag
 * is decided here, from the SQLSTATE class or the kind of I/O failure, so nobody downstream has to guess.
 */
public final class StoreErrors {
  private static final String INACTIVE_CONNECTION = "Connection is not active now";

  private StoreErrors() {}

  /** A pool whose every statement, transaction and connection fails with a translated exception. */
  public static Pool translating(Pool pool) {
    return pool instanceof TranslatingPool ? pool : new TranslatingPool(pool);
  }

  /** For {@code future.recover(StoreErrors::fail)}. */
  public static <T> Future<T> fail(Throwable t) {
    return Future.failedFuture(translate(t));
  }

  /** The failure as ours; one of ours already is returned unchanged. */
  public static SwitchboardException translate(Throwable t) {
    if (t instanceof SwitchboardException s) {
      return s;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DatabaseException db) {
        SqlStateClass state = SqlStateClass.of(db.getSqlState());
        return new SwitchboardException(
            state.retry(), "database error sqlState=" + db.getSqlState() + ": " + db.getMessage(), t);
      }
      if (c instanceof ClosedConnectionException || c instanceof IOException || c instanceof TimeoutException
          || isInactiveConnection(c)) {
        return SwitchboardException.transientFault("database unreachable: " + describe(c), t);
      }
    }
    return SwitchboardException.permanent("database call failed: " + describe(t), t);
  }

  /** The SQLSTATE class of a database failure anywhere in the chain, {@link SqlStateClass#OTHER} without one. */
  public static SqlStateClass sqlStateClass(Throwable t) {
    String state = sqlState(t);
    return state == null ? SqlStateClass.OTHER : SqlStateClass.of(state);
  }

  /** The SQLSTATE of a database failure anywhere in the chain, or null. */
  public static String sqlState(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DatabaseException db) {
        return db.getSqlState();
      }
    }
    return null;
  }

  /**
   * The client fails a statement sent on a connection the server has closed with a plain {@link VertxException} of a
   * fixed text (vertx-sql-client's {@code SocketConnectionBase}); its text is the only mark it has, so it is read
   * here, at the one place that knows the client, and nowhere else.
   */
  private static boolean isInactiveConnection(Throwable t) {
    return t.getClass() == VertxException.class && t.getMessage() != null
        && t.getMessage().startsWith(INACTIVE_CONNECTION);
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
