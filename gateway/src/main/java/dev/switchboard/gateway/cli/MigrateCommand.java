package dev.switchboard.gateway.cli;

import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", description = "Bring the database schema up to date, then exit.")
final class MigrateCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
  Path config;

  @Override
  public Integer call() {
    SwitchboardConfig cfg = Cli.loadConfig(config);
    try (Database db = Cli.openDatabase(cfg)) {
      MigrateResult result = Migrations.migrate(db.connection());
      System.out.println("migrations applied: " + result.migrationsExecuted + ", schema version: "
          + (result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion));
    }
    return 0;
  }
}
