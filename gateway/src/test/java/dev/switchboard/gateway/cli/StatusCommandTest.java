package dev.switchboard.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.LeaseRepository;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
  @TempDir Path dir;
  private Path config;
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void setUp() throws Exception {
    ConnectionInfo db = TestDatabase.connection();
    config = dir.resolve("switchboard.yml");
    Files.writeString(config, "database:\n  url: postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/"
        + db.database() + "\n  password: " + db.password() + "\nfleet:\n  leaseSeconds: 15\n");
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    TestDatabase.truncate(pool).await();
  }

  @AfterEach
  void tearDown() {
    pool.close().await();
    vertx.close().await();
  }

  private static synchronized List<String> run(int expectedExit, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      assertThat(SwitchboardCommand.execute(args)).as("exit code").isEqualTo(expectedExit);
      return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void showsEachInstanceWhatItOwnsAndWhatNobodyOwns() {
    LeaseRepository leases = new LeaseRepository(pool);
    leases.heartbeat("host-a-1", "0.1.0").await();
    leases.heartbeat("host-b-2", "0.1.0").await();
    leases.acquire("mailbox:support", "host-a-1", Duration.ofSeconds(15)).await();
    leases.acquire("pbx:office", "host-b-2", Duration.ofSeconds(15)).await();
    leases.acquire("mailbox:sales", "host-c-3", Duration.ofSeconds(15)).await();
    pool.query("update instance set heartbeat_at = now() - interval '1 minute' where id = 'host-b-2'").execute().await();
    pool.query("update lease set expires_at = now() - interval '10 seconds' where resource = 'mailbox:sales'")
        .execute().await();

    List<String> out = run(0, "status", "--config", config.toString());
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("lease 15 s, database time"));
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("host-a-1  live  version=0.1.0"));
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("host-b-2  SILENT"));
    assertThat(out).anySatisfy(l -> assertThat(l).matches(" {4}mailbox:support +fencing=1 +held .*expires in 1\\d\\.\\d s"));
    assertThat(out).anySatisfy(l -> assertThat(l).startsWith("unowned mailbox:sales").contains("last owner host-c-3"));
  }

  @Test
  void helpExitsZero() {
    assertThat(run(0, "status", "--help")).anySatisfy(l -> assertThat(l).contains("--config"));
  }
}
