package dev.switchboard.store.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of repository tests: a Vert.x, a pool on the shared embedded PostgreSQL, and empty tables for each test. */
public abstract class DatabaseTest {
  protected static Vertx vertx;
  protected static Pool pool;

  @BeforeAll
  static void startDatabase() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
  }

  @AfterAll
  static void stopDatabase() {
    pool.close().await();
    vertx.close().await();
  }

  @BeforeEach
  void emptyTables() {
    TestDatabase.truncate(pool).await();
  }

  /**
   * The plan PostgreSQL keeps for {@code sql} as a prepared statement after a few runs (the generic one), one line per
   * element, for a statement with parameters of {@code parameterTypes} (comma-separated) given as {@code parameters}
   * (literals, quoted here).
   */
  protected static List<String> genericPlan(String sql, String parameterTypes, String... parameters) {
    SqlConnection connection = pool.getConnection().await();
    try {
      connection.query("set plan_cache_mode = force_generic_plan").execute().await();
      connection.query("prepare checked(" + parameterTypes + ") as " + sql).execute().await();
      List<String> lines = new ArrayList<>();
      for (Row row : connection.query("explain execute checked('" + String.join("', '", parameters) + "')").execute().await()) {
        lines.add(row.getString(0));
      }
      connection.query("deallocate checked").execute().await();
      return lines;
    } finally {
      connection.close().await();
    }
  }
}
