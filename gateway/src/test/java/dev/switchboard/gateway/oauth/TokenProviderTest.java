package dev.switchboard.gateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.config.OAuth2Options;
import dev.switchboard.gateway.config.OAuth2Options.Grant;
import dev.switchboard.gateway.config.OAuth2Options.Provider;
import dev.switchboard.gateway.testing.LocalOAuthServer;
import dev.switchboard.gateway.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenProviderTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
  private LocalOAuthServer server;

  @BeforeEach
  void start() throws Exception {
    server = new LocalOAuthServer(clock, "support@example.com");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private TokenProvider provider(Grant grant, String secret, String refreshToken) {
    return new TokenProvider("support", new OAuth2Options(Provider.GENERIC, grant, null, LocalOAuthServer.CLIENT_ID,
        secret, refreshToken, "mail", server.uri("/token"), null), clock);
  }

  @Test
  void cachesTheTokenAndRefreshesItAMinuteBeforeExpiry() {
    TokenProvider p = provider(Grant.REFRESH_TOKEN, LocalOAuthServer.CLIENT_SECRET, LocalOAuthServer.REFRESH_TOKEN);
    String first = p.accessToken();
    clock.advance(Duration.ofMinutes(58));
    assertThat(p.accessToken()).as("58 minutes into an hour").isEqualTo(first);
    clock.advance(Duration.ofSeconds(61));
    assertThat(p.accessToken()).as("less than 60 s left").isNotEqualTo(first);
    assertThat(server.grants()).containsExactly("refresh_token", "refresh_token");
  }

  @Test
  void shortLivedTokensAreRefreshedHalfWay() {
    server.tokenLifetime(Duration.ofSeconds(60));
    TokenProvider p = provider(Grant.CLIENT_CREDENTIALS, LocalOAuthServer.CLIENT_SECRET, null);
    String first = p.accessToken();
    clock.advance(Duration.ofSeconds(29));
    assertThat(p.accessToken()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(1));
    assertThat(p.accessToken()).isNotEqualTo(first);
    assertThat(server.grants()).containsExactly("client_credentials", "client_credentials");
  }

  @Test
  void aTokenTheServerRefusedIsReplaced() {
    TokenProvider p = provider(Grant.REFRESH_TOKEN, LocalOAuthServer.CLIENT_SECRET, LocalOAuthServer.REFRESH_TOKEN);
    String first = p.accessToken();
    p.invalidate("some-other-token");
    assertThat(p.accessToken()).isEqualTo(first);
    p.invalidate(first);
    assertThat(p.accessToken()).isNotEqualTo(first);
  }

  @Test
  void revokedRefreshTokenFailsWithTheReasonBacksOffAndRecovers() {
    server.acceptRefreshToken("rt-other");
    TokenProvider p = provider(Grant.REFRESH_TOKEN, LocalOAuthServer.CLIENT_SECRET, LocalOAuthServer.REFRESH_TOKEN);
    assertThatThrownBy(p::accessToken)
        .isInstanceOf(OAuth2Exception.class)
        .hasMessage("re-authorise mailbox support: the refresh token was rejected: invalid_grant AADSTS70008");
    assertThatThrownBy(p::accessToken).as("within the backoff").isInstanceOf(OAuth2Exception.class);
    assertThat(server.grants()).as("the endpoint is not hammered").hasSize(1);

    server.acceptRefreshToken(LocalOAuthServer.REFRESH_TOKEN);
    clock.advance(Duration.ofSeconds(1));
    assertThat(p.accessToken()).startsWith("at-");
    assertThat(server.grants()).hasSize(2);
  }

  @Test
  void wrongSecretAndUnreachableEndpointAreTold() {
    assertThatThrownBy(() -> provider(Grant.CLIENT_CREDENTIALS, "wrong", null).accessToken())
        .hasMessageContaining("wrong client id or client secret");
    server.close();
    OAuth2Exception down = (OAuth2Exception) org.assertj.core.api.Assertions.catchThrowable(
        () -> provider(Grant.CLIENT_CREDENTIALS, LocalOAuthServer.CLIENT_SECRET, null).accessToken());
    assertThat(down.isTransient()).isTrue();
    assertThat(down.getMessage()).contains("the token endpoint 127.0.0.1 is unreachable");
  }

  @Test
  void backoffDoublesUpToAMinute() {
    Duration d = Duration.ZERO;
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      d = TokenProvider.nextBackoff(d);
      seen.append(d.toSeconds()).append(' ');
    }
    assertThat(seen.toString().strip()).isEqualTo("1 2 4 8 16 32 60 60");
  }
}
