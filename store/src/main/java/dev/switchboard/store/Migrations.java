package dev.switchboard.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema up to date with Flyway over JDBC. Blocking: run before the service starts taking work. */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static MigrateResult migrate(ConnectionInfo connection) {
    Flyway flyway = configure(connection, true);
    MigrateResult result = flyway.migrate();
    log.info(
        "database migrated applied={} schemaVersion={}",
        result.migrationsExecuted,
        result.targetSchemaVersion == null ? flyway.info().current().getVersion() : result.targetSchemaVersion);
    return result;
  }

  static Flyway configure(ConnectionInfo connection, boolean cleanDisabled) {
    return Flyway.configure()
        .dataSource(connection.jdbcUrl(), connection.user(), connection.password())
        .locations("classpath:db/migration")
        .validateMigrationNaming(true)
        .cleanDisabled(cleanDisabled)
        .load();
  }
}
