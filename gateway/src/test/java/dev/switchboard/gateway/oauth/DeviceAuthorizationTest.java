package dev.switchboard.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.config.OAuth2Options;
import dev.switchboard.gateway.config.OAuth2Options.Grant;
import dev.switchboard.gateway.config.OAuth2Options.Provider;
import dev.switchboard.gateway.oauth.internal.DevicePolls;
import dev.switchboard.gateway.testing.LocalOAuthServer;
import dev.switchboard.gateway.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceAuthorizationTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
  private final List<Long> waits = new ArrayList<>();
  private LocalOAuthServer server;
  private DeviceAuthorization flow;

  @BeforeEach
  void start() throws Exception {
    server = new LocalOAuthServer(clock, "support@example.com");
    OAuth2Options options = new OAuth2Options(Provider.GOOGLE, Grant.REFRESH_TOKEN, null, LocalOAuthServer.CLIENT_ID,
        LocalOAuthServer.CLIENT_SECRET, null, "https://mail.google.com/", server.uri("/token"),
        server.uri("/devicecode"));
    flow = new DeviceAuthorization("support", options, clock, d -> {
      waits.add(d.toSeconds());
      clock.advance(d);
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pollsPatientlySlowsDownWhenToldAndReturnsTheRefreshToken() throws Exception {
    server.deviceAnswers("authorization_pending", "slow_down", "authorization_pending", "approved");
    DeviceCode code = flow.start();
    assertThat(code.userCode()).isEqualTo("ABCD-EFGH");
    assertThat(code.verificationUri()).isEqualTo("https://microsoft.com/devicelogin");
    assertThat(code.toString()).doesNotContain("device-code-1");

    AccessToken token = flow.await(code);
    assertThat(token.refreshToken()).isEqualTo("rt-from-device");
    assertThat(waits).as("interval 5 s, plus 5 s for good after slow_down").containsExactly(5L, 5L, 10L, 10L);
  }

  @Test
  void aDeclinedSignInEnds() {
    server.deviceAnswers("authorization_pending", "access_denied");
    DeviceCode code = flow.start();
    assertThatThrownBy(() -> flow.await(code)).hasMessageContaining("the sign-in was declined (access_denied)");
    assertThat(waits).hasSize(2);
  }

  @Test
  void anExpiredCodeEnds() {
    server.deviceAnswers("expired_token");
    DeviceCode code = flow.start();
    assertThatThrownBy(() -> flow.await(code)).hasMessageContaining("the code expired");
  }

  @Test
  void stopsPollingWhenTheCodeRunsOutBeforeTheServerSaysSo() {
    DeviceCode code = flow.start();
    assertThatThrownBy(() -> flow.await(code)).hasMessageContaining("the code expired before the sign-in finished");
    assertThat(waits.stream().mapToLong(Long::longValue).sum()).as("about the code's 900 s").isBetween(890L, 900L);
  }

  @Test
  void pollDecisions() {
    Instant now = Instant.parse("2026-12-04T10:00:00Z");
    Instant later = now.plusSeconds(600);
    assertThat(DevicePolls.next("authorization_pending", Duration.ofSeconds(5), now, later))
        .isEqualTo(new DevicePolls.Wait(Duration.ofSeconds(5)));
    assertThat(DevicePolls.next("slow_down", Duration.ofSeconds(5), now, later))
        .isEqualTo(new DevicePolls.Wait(Duration.ofSeconds(10)));
    assertThat(DevicePolls.next("authorization_pending", Duration.ofSeconds(5), later.minusSeconds(3), later))
        .isInstanceOf(DevicePolls.Fail.class);
    assertThat(DevicePolls.next("invalid_client", Duration.ofSeconds(5), now, later)).isInstanceOf(DevicePolls.Fail.class);
  }
}
