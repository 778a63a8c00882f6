package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetOptionsTest {
  private static SwitchboardConfig withFleet(JsonObject fleet) {
    JsonObject json = new JsonObject();
    if (fleet != null) {
      json.put("fleet", fleet);
    }
    return SwitchboardConfig.fromJson(json, Map.of());
  }

  @Test
  void defaultsToAFifteenSecondLeaseRenewedEveryFiveSeconds() {
    assertThat(withFleet(null).fleet()).isEqualTo(FleetOptions.DEFAULTS).isEqualTo(new FleetOptions(15, 5));
  }

  @Test
  void aShortLeaseGetsAHeartbeatOfAThirdOfItByDefault() {
    assertThat(withFleet(new JsonObject().put("leaseSeconds", 6)).fleet()).isEqualTo(new FleetOptions(6, 2));
  }

  @Test
  void roundTripsThroughJson() {
    SwitchboardConfig c = withFleet(new JsonObject().put("leaseSeconds", 30).put("heartbeatSeconds", 10));
    assertThat(SwitchboardConfig.fromJson(c.toJson(), Map.of()).fleet()).isEqualTo(new FleetOptions(30, 10));
  }

  @Test
  void aHeartbeatTooSlowForTheLeaseIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> withFleet(new JsonObject().put("leaseSeconds", 15).put("heartbeatSeconds", 6)))
        .hasMessageStartingWith("config key 'fleet.heartbeatSeconds': must be at most a third of leaseSeconds");
    assertThatThrownBy(() -> withFleet(new JsonObject().put("leaseSeconds", 2)))
        .hasMessageStartingWith("config key 'fleet.leaseSeconds'");
    assertThatThrownBy(() -> withFleet(new JsonObject().put("leasSeconds", 20)))
        .hasMessage("config key 'fleet.leasSeconds': unknown key");
  }
}
