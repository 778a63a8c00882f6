package dev.switchboard.store.testing;

import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * One real embedded PostgreSQL per test JVM, migrated once. Tests truncate between cases instead of restarting it,
 * which keeps the suite fast without mocking the database.
 */
public final class TestDatabase {
  private static final String TRUNCATE =
      // every table but Flyway's: a table added by a migration is emptied without a change here
      "do $$ declare t text; begin "
          + "select string_agg(format('%I', tablename), ', ') into t from pg_tables "
          + "where schemaname = 'public' and tablename <> 'flyway_schema_history'; "
          + "execute 'truncate table ' || t || ' restart identity cascade'; end $$";

  private static Database database;

  private TestDatabase() {}

  public static synchronized ConnectionInfo connection() {
    if (database == null) {
      // fsync off: an explicit test-only choice, these databases are thrown away
      database = Database.embedded(null, 0, Database.Durability.TESTS_ONLY_NO_FSYNC);
      Migrations.migrate(database.connection());
      Runtime.getRuntime().addShutdownHook(new Thread(database::close, "embedded-postgres-stop"));
    }
    return database.connection();
  }

  public static Pool pool(Vertx vertx) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(4))
        .connectingTo(connection().pgConnectOptions())
        .using(vertx)
        .build();
  }

  /** Empties every table and resets the ticket numbers, so each test starts from ticket 1001. */
  public static Future<Void> truncate(Pool pool) {
    return pool.query(TRUNCATE)
        .execute()
        .compose(v -> pool.query("alter sequence ticket_number_seq restart with 1001").execute())
        .mapEmpty();
  }
}
