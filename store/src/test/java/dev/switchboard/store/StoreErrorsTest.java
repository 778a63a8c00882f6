package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.errors.SqlStateClass;
import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.errors.SwitchboardException.Retry;
import dev.switchboard.store.testing.DatabaseTest;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Real failures of a real embedded PostgreSQL come out of the translating pool with the right retry flag. */
class StoreErrorsTest extends DatabaseTest {
  private static Throwable failure(Future<?> f) {
    try {
      f.await();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected the call to fail, it succeeded");
  }

  @Test
  void uniqueViolationIsPermanentIntegrityError() {
    Pool translating = StoreErrors.translating(pool);
    String sql = "insert into mailbox (name, address) values ($1, $2)";
    translating.preparedQuery(sql).execute(Tuple.of("support", "support@example.com")).await();

    Throwable error = failure(translating.preparedQuery(sql).execute(Tuple.of("support", "support@example.com")));

    assertThat(error).as("translated failure").isInstanceOf(SwitchboardException.class);
    assertThat(((SwitchboardException) error).retry()).isEqualTo(Retry.PERMANENT);
    assertThat(StoreErrors.sqlStateClass(error)).isEqualTo(SqlStateClass.INTEGRITY_CONSTRAINT_VIOLATION);
    assertThat(StoreErrors.sqlState(error)).isEqualTo("23505");
  }

  @Test
  void failureInsideATransactionLeavesItTranslated() {
    Pool translating = StoreErrors.translating(pool);
    Throwable error = failure(translating.withTransaction(
        tx -> tx.query("select no_such_column from mailbox").execute()));

    assertThat(error).isInstanceOf(SwitchboardException.class);
    assertThat(SwitchboardException.retryOf(error)).isEqualTo(Retry.PERMANENT);
    assertThat(StoreErrors.sqlStateClass(error)).isEqualTo(SqlStateClass.SYNTAX_ERROR_OR_ACCESS_RULE_VIOLATION);
  }

  @Test
  void connectionTerminatedByTheServerIsTransient() {
    SqlConnection victim = pool.getConnection().await();
    try {
      int pid = victim.query("select pg_backend_pid()").execute().await().iterator().next().getInteger(0);
      pool.preparedQuery("select pg_terminate_backend($1)").execute(Tuple.of(pid)).await();

      Throwable error = failure(victim.query("select 1").execute());

      SwitchboardException translated = StoreErrors.translate(error);
      assertThat(translated.retry()).as("retry of %s", error).isEqualTo(Retry.TRANSIENT);
    } finally {
      victim.close();
    }
  }

  @Test
  void unreachableServerIsTransient() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Pool nowhere = StoreErrors.translating(PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(TestDatabase.connection().pgConnectOptions().setPort(port))
        .using(vertx)
        .build());
    try {
      Throwable error = failure(nowhere.query("select 1").execute());

      assertThat(error).isInstanceOf(SwitchboardException.class);
      assertThat(((SwitchboardException) error).retry()).as("retry of %s", error).isEqualTo(Retry.TRANSIENT);
    } finally {
      nowhere.close().await();
    }
  }

  @Test
  void oursPassUnchanged() {
    SwitchboardException ours = SwitchboardException.permanent("bad input");
    assertThat(StoreErrors.translate(ours)).isSameAs(ours);
  }
}
