package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.telephony.testing.AmiReplayServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A PBX connection is fleet work like a mailbox: only the instance holding {@code pbx:<name>} logs in to the PBX, it
 * moves to a second instance when the fleet grows and back when that instance stops, and the calls are stored once.
 */
class FleetPbxEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private GatewayHarness h;
  private AmiReplayServer pbx;
  private Switchboard second;

  @AfterEach
  void stop() {
    if (second != null) {
      second.close();
    }
    if (h != null) {
      h.close();
    }
    if (pbx != null) {
      pbx.close();
    }
  }

  private JsonObject config(JsonObject json) {
    return json
        .put("fleet", new JsonObject().put("leaseSeconds", 3).put("heartbeatSeconds", 1))
        .put("telephony", new JsonObject()
            .put("defaultRegion", "US")
            .put("tickets", new JsonObject().put("mailbox", "support"))
            .put("pbxs", new JsonArray().add(new JsonObject()
                .put("name", "office").put("host", pbx.host()).put("port", pbx.port())
                .put("username", "gateway").put("secret", "s3cret")
                .put("dids", new JsonArray().add("18005550100").add("18005550200"))
                .put("reconnectMaxSeconds", 2))));
  }

  private long logins() {
    return pbx.actions().stream().filter("Login"::equalsIgnoreCase).count();
  }

  @Test
  void onlyTheLeaseHolderIsConnectedAndTheConnectionMovesWithTheLease() throws Exception {
    pbx = AmiReplayServer.builder().credentials("gateway", "s3cret")
        .transcripts("missed-noanswer", "missed-noanswer-again").build().start();
    h = GatewayHarness.start(this::config);
    assertThat(h.app().fleet().owned()).containsExactly("mailbox:support", "pbx:office");
    await("two calls stored", WAIT, () -> h.count("select count(*) from call") == 2);
    assertThat(pbx.connectionCount()).isEqualTo(1);

    second = Switchboard.start(SwitchboardConfig.fromJson(h.config(), Map.of()));
    await("the pbx handed to the new instance", WAIT, () -> second.fleet().owned().equals(java.util.List.of("pbx:office"))
        && h.app().fleet().owned().equals(java.util.List.of("mailbox:support")));
    await("the new owner logged in", WAIT, () -> pbx.connectionCount() == 2 && logins() == 2);
    assertThat(h.app().health().toJson().containsKey("pbx:office")).as("the old owner no longer reports it").isFalse();

    second.close();
    second = null;
    await("the pbx back with the first instance", WAIT, () -> h.app().fleet().owned().size() == 2);
    await("logged in again", WAIT, () -> pbx.connectionCount() == 3);
    Thread.sleep(2000);
    assertThat(h.count("select count(*) from call")).as("each call stored once").isEqualTo(2);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
    assertThat(logins()).as("one login per owner, never two at once").isEqualTo(3);
  }
}
