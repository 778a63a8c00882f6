package dev.switchboard.store.testing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
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
}
