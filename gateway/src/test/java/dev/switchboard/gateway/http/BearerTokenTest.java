package dev.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {
  @Test
  void tokensAreLongRandomAndDifferent() {
    String a = BearerToken.generate();
    assertThat(a).matches("sbt_[A-Za-z0-9_-]{43}");
    assertThat(BearerToken.generate()).isNotEqualTo(a);
    assertThat(BearerToken.sha256(a)).hasSize(32).isEqualTo(BearerToken.sha256(a));
  }

  @Test
  void onlyBearerHeadersCarryAToken() {
    assertThat(BearerToken.fromAuthorization("Bearer sbt_abc")).isEqualTo("sbt_abc");
    assertThat(BearerToken.fromAuthorization("bearer   sbt_abc  ")).isEqualTo("sbt_abc");
    assertThat(BearerToken.fromAuthorization("Basic YWRtaW46YWRtaW4=")).isNull();
    assertThat(BearerToken.fromAuthorization("Bearer")).isNull();
    assertThat(BearerToken.fromAuthorization("Bearer a b")).isNull();
    assertThat(BearerToken.fromAuthorization("Bearer " + "a".repeat(300))).isNull();
    assertThat(BearerToken.fromAuthorization(null)).isNull();
  }
}
