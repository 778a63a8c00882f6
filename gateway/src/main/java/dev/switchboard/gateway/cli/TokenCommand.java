package dev.switchboard.gateway.cli;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.http.BearerToken;
import dev.switchboard.store.ApiRole;
import dev.switchboard.store.ApiToken;
import dev.switchboard.store.ApiTokenRepository;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchboard token create|list|revoke}: the bearer tokens of the HTTP API, in the configured database. */
@Command(
    name = "token",
   
    description = "Create, list and revoke tokens for the HTTP API.",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: create, list, revoke");
  }

  @Command(name = "create",
      description = "Create a token and print it on the last line of output. It is shown this once only.")
  static final class Create implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
    Path config;

    @Option(names = "--name", required = true, description = "unique name; the audit trail shows token:<name>")
    String name;

    @Option(names = "--role", required = true, description = "reader (every GET), agent (also changes tickets and "
        + "phone numbers) or admin (everything)")
    String role;

    @Override
    public Integer call() {
      ApiRole r;
      try {
        r = ApiRole.of(role);
      } catch (IllegalArgumentException e) {
        throw SwitchboardException.permanent(e.getMessage());
      }
      String token = BearerToken.generate();
      ApiToken created = withTokens(config, tokens -> tokens.create(name, r, BearerToken.sha256(token)));
      if (created == null) {
        throw SwitchboardException.permanent("a token named '" + name + "' exists already (names stay taken after "
            + "revocation); choose another name");
      }
      System.out.println("created token " + created.name() + " role=" + created.role().label()
          + "; it is shown only this once:");
      System.out.println(token);
      return 0;
    }
  }

  @Command(name = "list", description = "List tokens (names and roles, never tokens).")
  static final class ListTokens implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
    Path config;

    @Override
    public Integer call() {
      List<ApiToken> all = withTokens(config, ApiTokenRepository::list);
      System.out.printf("%-24s %-6s %-8s %-25s %s%n", "NAME", "ROLE", "STATE", "CREATED", "LAST USED");
      for (ApiToken t : all) {
        System.out.printf("%-24s %-6s %-8s %-25s %s%n", t.name(), t.role().label(), t.revoked() ? "revoked" : "valid",
            time(t.createdAt()), time(t.lastUsedAt()));
      }
      return 0;
    }
  }

  @Command(name = "revoke",
      description = "Revoke a token; requests carrying it are refused at once, without a restart.")
  static final class Revoke implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
    Path config;

    @Option(names = "--name", required = true, description = "the token's name")
    String name;

    @Override
    public Integer call() {
      ApiToken revoked = withTokens(config, tokens -> tokens.revoke(name));
      if (revoked == null) {
        throw SwitchboardException.permanent("no valid token named '" + name + "'");
      }
      System.out.println("revoked token " + revoked.name());
      return 0;
    }
  }

  private static String time(OffsetDateTime t) {
    return t == null ? "-" : t.toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Opens the configured database (embedded when database.url is unset), brings the schema up to date, runs work. */
  private static <T> T withTokens(Path config, Function<ApiTokenRepository, Future<T>> work) {
    SwitchboardConfig cfg = Cli.loadConfig(config);
    try (Database db = Cli.openDatabase(cfg)) {
      Migrations.migrate(db.connection());
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
            .connectingTo(db.connection().writableServer(vertx)).using(vertx).build();
        return work.apply(new ApiTokenRepository(pool)).eventually(pool::close).await();
      } finally {
        vertx.close().await();
      }
    }
  }
}
