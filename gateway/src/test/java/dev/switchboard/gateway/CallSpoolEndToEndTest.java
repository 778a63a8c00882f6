package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import dev.switchboard.telephony.testing.AmiReplayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call that finishes while the database is down goes to the spool file on disk, and reaches the call journal and
 * the call list once the database is back: in the same run, and after the service was stopped in the outage. The
 * database is a real embedded PostgreSQL of this test's own, stopped and started again on its data directory.
 */
class CallSpoolEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path temp;

  private final Vertx vertx = Vertx.vertx();
  private Path dataDirectory;
  private Database database;
  private int port;
  private GatewayHarness h;
  private int memoryCalls = 10_000;
  private AmiReplayServer pbx;

  @BeforeEach
  void startDatabase() {
    dataDirectory = temp.resolve("pg");
    database = Database.embedded(dataDirectory, 0, Database.Durability.TESTS_ONLY_NO_FSYNC);
    port = database.connection().port();
    Migrations.migrate(database.connection());
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (pbx != null) {
      pbx.close();
    }
    if (database != null) {
      database.close();
    }
    vertx.close().await();
  }

  private Path spoolFile() {
    return temp.resolve("call-spool").resolve("office.jsonl");
  }

  private JsonObject config(JsonObject config) {
    ConnectionInfo db = database.connection();
    return config
        .put("database", new JsonObject()
            .put("url", "postgresql://" + db.user() + "@" + db.host() + ":" + port + "/" + db.database())
            .put("password", db.password()))
        // the PBX's lease must outlive the outage, or the fleet stops listening to the PBX
        .put("fleet", new JsonObject().put("leaseSeconds", 120))
        .put("telephony", new JsonObject()
            .put("defaultRegion", "US")
            .put("tickets", new JsonObject().put("mailbox", "support"))
            .put("backlog", new JsonObject().put("spoolDirectory", temp.resolve("call-spool").toString())
                .put("memoryCalls", memoryCalls))
            .put("pbxs", new JsonArray().add(new JsonObject()
                .put("name", "office")
                .put("host", pbx.host())
                .put("port", pbx.port())
                .put("username", "gateway")
                .put("secret", "s3cret")
                .put("dids", new JsonArray().add("18005550100"))
                .put("reconnectMaxSeconds", 2))));
  }

  private long count(String sql) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(database.connection().pgConnectOptions()).using(vertx).build();
    try {
      return pool.query(sql).execute().await().iterator().next().getLong(0);
    } finally {
      pool.close().await();
    }
  }

  private List<String> spooled() {
    try {
      return Files.exists(spoolFile()) ? Files.readAllLines(spoolFile()) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs in to a PBX whose one call ends seconds later, and stops the database before it does. */
  private void callFinishesDuringAnOutage() throws Exception {
    // 88 frames 150 ms apart: the call ends about 13 s after login, long after the database has stopped
    pbx = AmiReplayServer.builder().credentials("gateway", "s3cret").transcripts("missed-noanswer")
        .eventDelay(Duration.ofMillis(150)).build().start();
    h = GatewayHarness.start(this::config);
    await("pbx login", WAIT, () -> pbx.actions().contains("Login"));
    database.close();
    database = null;

    await("call spooled to disk", WAIT, () -> spooled().size() == 1);
    assertThat(new JsonObject(spooled().get(0)).getString("disposition")).isEqualTo("MISSED");
  }

  private void restartDatabase() {
    database = Database.embedded(dataDirectory, port, Database.Durability.TESTS_ONLY_NO_FSYNC);
  }

  @Test
  void callFinishedDuringADatabaseOutageIsFiledWhenTheDatabaseIsBack() throws Exception {
    callFinishesDuringAnOutage();

    restartDatabase();

    await("call filed from the spool", WAIT, () -> count("select count(*) from call") == 1);
    await("journal entry marked filed", WAIT,
        () -> count("select count(*) from call_journal where filed_at is not null and failure is null") == 1);
    assertThat(count("select count(*) from ticket where channel = 'phone'")).as("one call-back ticket").isEqualTo(1);
    await("spool emptied", WAIT, () -> spooled().isEmpty());
  }

  @Test
  void withNoMemoryEveryCallGoesThroughTheSpoolEvenWhileTheDatabaseIsUp() throws Exception {
    memoryCalls = 0;
    pbx = AmiReplayServer.builder().credentials("gateway", "s3cret").transcripts("missed-noanswer").build().start();
    h = GatewayHarness.start(this::config);

    await("call filed", WAIT, () -> count("select count(*) from call") == 1);
    assertThat(Files.exists(spoolFile())).as("the call was written to the spool first").isTrue();
    await("spool emptied", WAIT, () -> spooled().isEmpty());
    assertThat(count("select count(*) from call_journal where filed_at is not null")).isEqualTo(1);
  }

  @Test
  void spoolSurvivesAStopDuringTheOutage() throws Exception {
    callFinishesDuringAnOutage();

    h.stopService();
    assertThat(spooled()).as("still on disk after the stop").hasSize(1);
    restartDatabase();
    assertThat(count("select count(*) from call_journal")).as("never reached the database").isZero();
    // the stopped instance could not leave the fleet in the outage: forget it and its leases rather than wait for
    // them to expire, or the new instance would leave it a share of the work
    count("with freed as (delete from lease returning 1) select count(*) from freed");
    count("with gone as (delete from instance returning 1) select count(*) from gone");
    pbx.close();
    pbx = AmiReplayServer.builder().credentials("gateway", "s3cret").build().start();
    h.startService();

    await("call filed from the spool after restart", WAIT, () -> count("select count(*) from call") == 1);
    assertThat(count("select count(*) from call_journal")).isEqualTo(1);
    await("spool emptied", WAIT, () -> spooled().isEmpty());
  }
}
