package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.store.testing.TestDatabase;
import dev.switchboard.telephony.testing.AmiReplayServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A finished call is committed to the call journal before any ticket work: the service stopped between "call
 * finished" and "call filed" (filing held up by a lock on the call table, as a slow or failing database would) finds
 * the call after restart and files it once.
 */
class CallJournalEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private GatewayHarness h;
  private AmiReplayServer pbx;
  private final Vertx vertx = Vertx.vertx();
  private final Pool locker = TestDatabase.pool(vertx);

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (pbx != null) {
      pbx.close();
    }
    locker.close().await();
    vertx.close().await();
  }

  private JsonObject withPbx(JsonObject config) {
    return config.put("telephony", new JsonObject()
        .put("defaultRegion", "US")
        .put("tickets", new JsonObject().put("mailbox", "support"))
        .put("pbxs", new JsonArray().add(new JsonObject()
            .put("name", "office")
            .put("host", pbx.host())
            .put("port", pbx.port())
            .put("username", "gateway")
            .put("secret", "s3cret")
            .put("dids", new JsonArray().add("18005550100"))
            .put("reconnectMaxSeconds", 2))));
  }

  @Test
  void aCallFinishedButNotFiledIsFiledAfterRestart() throws Exception {
    // 88 frames, 50 ms apart: the call ends seconds after start-up, time enough to hold up filing first
    pbx = AmiReplayServer.builder().credentials("gateway", "s3cret").transcripts("missed-noanswer")
        .eventDelay(Duration.ofMillis(50)).build().start();
    h = GatewayHarness.start(this::withPbx);

    SqlConnection lockHolder = locker.getConnection().await();
    Transaction lock = lockHolder.begin().await();
    lockHolder.query("lock table call in share mode").execute().await();
    assertThat(h.count("select count(*) from call")).as("the call has not finished yet").isZero();

    await("call journaled", WAIT, () -> h.count("select count(*) from call_journal") == 1);
    assertThat(h.count("select count(*) from call_journal where filed_at is null")).isEqualTo(1);

    h.stopService();
    lock.rollback().await();
    lockHolder.close().await();
    assertThat(h.count("select count(*) from call")).as("filing never committed").isZero();

    pbx.close();
    pbx = AmiReplayServer.builder().credentials("gateway", "s3cret").build().start();
    h.startService();

    await("call filed from the journal", WAIT, () -> h.count("select count(*) from call") == 1);
    await("journal entry marked filed", WAIT,
        () -> h.count("select count(*) from call_journal where filed_at is not null and failure is null") == 1);
    assertThat(h.count("select count(*) from ticket where channel = 'phone'")).as("one call-back ticket").isEqualTo(1);
    assertThat(h.query("select disposition from call").get(0).getString(0)).isEqualTo("missed");
  }
}
