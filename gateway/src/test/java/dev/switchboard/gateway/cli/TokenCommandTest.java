package dev.switchboard.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.http.BearerToken;
import dev.switchboard.store.ApiRole;
import dev.switchboard.store.ApiToken;
import dev.switchboard.store.ApiTokenRepository;
import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard token ...} against the test database, as an operator runs it. */
class TokenCommandTest {
  @TempDir Path dir;
  private Path config;
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void setUp() throws Exception {
    ConnectionInfo db = TestDatabase.connection();
    config = dir.resolve("switchboard.yml");
    Files.writeString(config, "database:\n  url: postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/"
        + db.database() + "\n  password: " + db.password() + "\n");
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    TestDatabase.truncate(pool).await();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    vertx.close().await();
  }

  private record Run(int exit, List<String> out) {}

  private static synchronized Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int exit = SwitchboardCommand.execute(args);
      return new Run(exit, bytes.toString(StandardCharsets.UTF_8).lines().toList());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void createPrintsTheTokenOnceOnTheLastLineAndStoresOnlyItsHash() {
    Run created = run("token", "create", "--config", config.toString(), "--name", "ops-bot", "--role", "agent");
    assertThat(created.exit()).isZero();
    String token = created.out().get(created.out().size() - 1);
    assertThat(token).matches("sbt_[A-Za-z0-9_-]{43}");

    ApiToken stored = new ApiTokenRepository(pool).findActive(BearerToken.sha256(token)).await();
    assertThat(stored.name()).isEqualTo("ops-bot");
    assertThat(stored.role()).isEqualTo(ApiRole.AGENT);
    assertThat(pool.query("select count(*) from api_token where position(convert_to('" + token
        + "', 'UTF8') in token_sha256) > 0").execute().await().iterator().next().getLong(0)).isZero();

    Run listed = run("token", "list", "--config", config.toString());
    assertThat(listed.exit()).isZero();
    assertThat(String.join("\n", listed.out())).contains("ops-bot").contains("agent").contains("valid")
        .doesNotContain(token);
  }

  @Test
  void revokeEndsTheTokenAndDuplicatesAndBadRolesFail() {
    Run created = run("token", "create", "-c", config.toString(), "--name", "desk", "--role", "reader");
    String token = created.out().get(created.out().size() - 1);
    assertThat(run("token", "create", "-c", config.toString(), "--name", "desk", "--role", "admin").exit())
        .isEqualTo(1);
    assertThat(run("token", "create", "-c", config.toString(), "--name", "x", "--role", "root").exit()).isEqualTo(1);

    assertThat(run("token", "revoke", "-c", config.toString(), "--name", "desk").exit()).isZero();
    assertThat(new ApiTokenRepository(pool).findActive(BearerToken.sha256(token)).await()).isNull();
    assertThat(run("token", "revoke", "-c", config.toString(), "--name", "desk").exit()).isEqualTo(1);
  }

  @Test
  void anEmbeddedDatabaseInUseIsLeftAlone() throws Exception {
    Path data = Files.createDirectories(dir.resolve("pg"));
    Path embedded = dir.resolve("embedded.yml");
    Files.writeString(embedded, "database:\n  embeddedDataDirectory: " + data + "\n");
    try (FileChannel channel = FileChannel.open(data.resolve("epg-lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = channel.lock()) {
      assertThat(held.isValid()).isTrue();
      assertThat(run("token", "create", "-c", embedded.toString(), "--name", "x", "--role", "reader").exit())
          .isEqualTo(1);
      assertThat(Files.exists(data.resolve("PG_VERSION"))).as("no server was started there").isFalse();
    }
  }

  @Test
  void everyHelpExitsZero() {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"token", "--help"},
        new String[] {"token", "create", "--help"}, new String[] {"token", "list", "--help"},
        new String[] {"token", "revoke", "--help"}, new String[] {"status", "--help"}, new String[] {"run", "--help"},
        new String[] {"migrate", "--help"})) {
      assertThat(run(args).exit()).as("exit code of %s", String.join(" ", args)).isZero();
    }
  }
}
