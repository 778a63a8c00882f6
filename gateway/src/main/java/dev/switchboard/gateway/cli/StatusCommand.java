package dev.switchboard.gateway.cli;

import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.fleet.FleetStatus;
import dev.switchboard.store.Database;
import dev.switchboard.store.FleetSnapshot;
import dev.switchboard.store.LeaseRepository;
import dev.switchboard.store.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard status}: the fleet as the database shows it (instances, what each owns, lease ages). */
@Command(name = "status",
    description = "Show the instances sharing the configured database, what each owns and how old the leases are.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
  Path config;

  @Override
  public Integer call() {
    SwitchboardConfig cfg = Cli.loadConfig(config);
    FleetSnapshot snapshot;
    try (Database db = Cli.openDatabase(cfg)) {
      Migrations.migrate(db.connection());
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
            .connectingTo(db.connection().writableServer(vertx)).using(vertx).build();
        snapshot = new LeaseRepository(pool).snapshot().eventually(pool::close).await();
      } finally {
        vertx.close().await();
      }
    }
    FleetStatus.toLines(snapshot, cfg.fleet().lease()).forEach(System.out::println);
    return 0;
  }
}
