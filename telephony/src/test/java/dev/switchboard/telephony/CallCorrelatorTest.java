package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallCorrelatorTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final CallCorrelator correlator = new CallCorrelator(CorrelatorSettings.defaults());

  private static ChannelRef trunk() {
    return new ChannelRef("PJSIP/trunk-00000001", "100.1", "100.1", "from-pstn", "18005550100", "+14155550123",
        "Jane Doe");
  }

  private static ChannelRef phone(String ext, String uniqueId) {
    return new ChannelRef("PJSIP/" + ext + "-00000002", uniqueId, "100.1", "agents", ext, ext, null);
  }

  @Test
  void hangupOfACallNeverSeenIsIgnoredAndCounted() {
    assertThat(correlator.onEvent(new PbxEvent.Hangup(T0, trunk(), 16, "Normal Clearing"))).isEmpty();

    assertThat(correlator.stats().eventsIgnored()).isEqualTo(1);
    assertThat(correlator.stats().openCalls()).isZero();
  }

  @Test
  void eventsAfterLinkedIdEndDoNotOpenAGhostCall() {
    correlator.onEvent(new PbxEvent.NewChannel(T0, trunk()));
    assertThat(correlator.onEvent(new PbxEvent.LinkedIdEnd(T0.plusSeconds(5), trunk()))).hasSize(1);

    assertThat(correlator.onEvent(new PbxEvent.NewCallerId(T0.plusSeconds(5), trunk()))).isEmpty();
    assertThat(correlator.stats().openCalls()).isZero();
    assertThat(correlator.stats().lateEvents()).isEqualTo(1);
  }

  @Test
  void callEndsWhenEveryLegHasHungUpEvenWithoutCel() {
    ChannelRef agent = phone("2001", "100.2");
    correlator.onEvent(new PbxEvent.NewChannel(T0, trunk()));
    correlator.onEvent(new PbxEvent.NewChannel(T0, agent));
    correlator.onEvent(new PbxEvent.DialBegin(T0, trunk(), agent, "PJSIP/2001"));
    correlator.onEvent(new PbxEvent.DialEnd(T0.plusSeconds(2), trunk(), agent, "ANSWER"));
    assertThat(correlator.onEvent(new PbxEvent.Hangup(T0.plusSeconds(9), agent, 16, null))).isEmpty();

    assertThat(correlator.onEvent(new PbxEvent.Hangup(T0.plusSeconds(9), trunk(), 16, null)))
        .singleElement()
        .satisfies(call -> {
          assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
          assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", null));
          assertThat(call.talkSeconds()).isEqualTo(7);
          assertThat(call.dialledNumber()).isEqualTo("18005550100");
        });
  }

  @Test
  void callStillRingingWhenItExpiresIsMissedAndFlaggedExpired() {
    ChannelRef agent = phone("2002", "100.2");
    correlator.onEvent(new PbxEvent.NewChannel(T0, trunk()));
    correlator.onEvent(new PbxEvent.DialBegin(T0, trunk(), agent, "PJSIP/2002"));

    assertThat(correlator.expire(T0.plusSeconds(4 * 3600))).as("idle exactly expireAfter").isEmpty();
    assertThat(correlator.expire(T0.plusSeconds(4 * 3600 + 1))).singleElement().satisfies(call -> {
      assertThat(call.expired()).isTrue();
      assertThat(call.disposition()).isEqualTo(Disposition.MISSED);
    });
  }

  @Test
  void callFromAnInternalContextToAnExternalNumberIsOutbound() {
    ChannelRef desk = new ChannelRef("PJSIP/2001-00000003", "200.1", "200.1", "from-internal", "+4930901820", "2001",
        "Alice Agent");
    correlator.onEvent(new PbxEvent.NewChannel(T0, desk));

    assertThat(correlator.onEvent(new PbxEvent.Hangup(T0.plusSeconds(1), desk, 16, null)))
        .singleElement()
        .satisfies(call -> assertThat(call.direction()).isEqualTo(Direction.OUTBOUND));
  }
}
