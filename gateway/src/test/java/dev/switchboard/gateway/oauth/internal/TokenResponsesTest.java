package dev.switchboard.gateway.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.gateway.oauth.AccessToken;
import dev.switchboard.gateway.oauth.OAuth2Exception;
import dev.switchboard.gateway.oauth.OAuth2Exception.Reason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenResponsesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  private static OAuth2Exception failure(int status, String body) {
    return catchThrowableOfType(OAuth2Exception.class, () -> TokenResponses.parse("support", status, body, NOW));
  }

  @Test
  void readsTokenLifetimeAndRotatedRefreshToken() {
    AccessToken t = TokenResponses.parse("support",
        200, "{\"access_token\":\"eyJ0\",\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"refresh_token\":\"rt2\"}", NOW);
    assertThat(t.value()).isEqualTo("eyJ0");
    assertThat(t.expiresAt()).isEqualTo(NOW.plusSeconds(3599));
    assertThat(t.refreshToken()).isEqualTo("rt2");
    assertThat(t.toString()).doesNotContain("eyJ0");

    AccessToken noLifetime = TokenResponses.parse("support", 200, "{\"access_token\":\"x\"}", NOW);
    assertThat(noLifetime.expiresAt()).as("expires_in is optional").isEqualTo(NOW.plusSeconds(3600));
    assertThat(noLifetime.refreshToken()).isNull();
  }

  @Test
  void revokedRefreshTokenAsksForReauthorisation() {
    OAuth2Exception e = failure(400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The refresh token has expired. Trace ID: 1\"}");
    assertThat(e.reason()).isEqualTo(Reason.REAUTHORISE);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo("re-authorise mailbox support: the refresh token was rejected: invalid_grant AADSTS70008");
  }

  @Test
  void wrongOrExpiredClientSecretAndMissingConsentSayWhatToFix() {
    OAuth2Exception wrong = failure(401,
        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}");
    assertThat(wrong.reason()).isEqualTo(Reason.CLIENT_CREDENTIALS);
    assertThat(wrong.getMessage()).contains("wrong client id or client secret", "oauth2.clientSecret", "AADSTS7000215");

    OAuth2Exception expired = failure(401,
        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000222: The provided client secret keys are expired.\"}");
    assertThat(expired.getMessage()).contains("the client secret has expired");

    OAuth2Exception consent = failure(400,
        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS65001: The user or administrator has not consented\"}");
    assertThat(consent.reason()).isEqualTo(Reason.CONSENT);
    assertThat(consent.getMessage()).contains("an administrator must grant it", "AADSTS65001");
    assertThat(failure(400, "{\"error\":\"consent_required\"}").reason()).isEqualTo(Reason.CONSENT);
    assertThat(failure(400, "{\"error\":\"invalid_scope\"}").reason()).isEqualTo(Reason.APP_REGISTRATION);
  }

  @Test
  void onlyProviderTroubleIsWorthARetry() {
    assertThat(failure(503, "<html>busy</html>").isTransient()).isTrue();
    assertThat(failure(429, "").isTransient()).isTrue();
    assertThat(failure(400, "{\"error\":\"temporarily_unavailable\"}").isTransient()).isTrue();
    OAuth2Exception odd = failure(403, "nope");
    assertThat(odd.isTransient()).isFalse();
    assertThat(odd.getMessage()).isEqualTo("mailbox support: the token endpoint refused: HTTP 403");
    assertThat(failure(200, "{\"token_type\":\"Bearer\"}").reason()).as("2xx without a token").isEqualTo(Reason.REJECTED);
  }
}
