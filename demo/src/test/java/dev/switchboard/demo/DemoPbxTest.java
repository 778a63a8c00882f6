package dev.switchboard.demo;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo's phone system against the real service: every recorded call lands, and a second round is new calls. */
class DemoPbxTest {
  @Test
  void replaysEveryRecordedCallAndEachRoundIsANewCall() throws Exception {
    try (DemoPbx pbx = new DemoPbx(0, Duration.ofMillis(100), Duration.ZERO, Duration.ZERO).start();
        GatewayHarness h = GatewayHarness.start(json -> json.put("telephony", pbx.telephony()))) {
      int calls = DemoPbx.TRANSCRIPTS.size();
      await("a round and a half of calls", Duration.ofSeconds(40),
          () -> h.count("select count(*) from call") >= calls + 3);

      assertThat(h.count("select count(distinct linkedid) from call")).isEqualTo(h.count("select count(*) from call"));
      assertThat(h.count("select count(*) from call where disposition = 'missed' and ring_seconds = 10"))
          .as("true ring time whatever the pace").isGreaterThanOrEqualTo(1);
      assertThat(h.count("select count(distinct disposition) from call")).isEqualTo(6);
      assertThat(h.count("select count(*) from ticket where channel = 'phone'")).isGreaterThanOrEqualTo(3);
    }
  }
}
