package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CorrelatorSettingsTest {

  @Test
  void defaultsUseTheUsualFreePbxContextsAndFourHours() {
    CorrelatorSettings settings = CorrelatorSettings.defaults();

    assertThat(settings.inboundContexts()).containsExactlyInAnyOrder("from-pstn", "from-trunk");
    assertThat(settings.internalContexts()).containsExactlyInAnyOrder("internal", "from-internal");
    assertThat(settings.expireAfter()).isEqualTo(Duration.ofHours(4));
    assertThat(settings.dids()).isEmpty();
  }

  @Test
  void nonPositiveExpiryIsRejectedNamingTheField() {
    assertThatThrownBy(() -> CorrelatorSettings.defaults().withExpireAfter(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expireAfter must be positive, was PT0S");
  }

  @Test
  void agentPatternWithoutExtGroupIsRejectedNamingItsIndex() {
    assertThatThrownBy(() -> CorrelatorSettings.defaults().withAgentChannelPatterns(List.of("PJSIP/(?<ext>\\d+)",
            "SIP/\\d+")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("agentChannelPatterns[1] must capture the extension in a group named ext");
  }

  @Test
  void brokenRegularExpressionIsRejectedNamingTheField() {
    assertThatThrownBy(() -> CorrelatorSettings.defaults().withAgentChannelPatterns(List.of("PJSIP/(?<ext>\\d+")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("agentChannelPatterns[0] is not a valid regular expression");
  }

  @Test
  void blankContextIsRejectedNamingTheField() {
    assertThatThrownBy(() -> CorrelatorSettings.defaults().withInboundContexts(Set.of(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inboundContexts must not contain blank entries");
  }

  @Test
  void contextBothInboundAndInternalIsRejected() {
    assertThatThrownBy(() -> CorrelatorSettings.defaults().withInternalContexts(Set.of("from-pstn")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("internalContexts must not repeat inboundContexts, both have [from-pstn]");
  }
}
