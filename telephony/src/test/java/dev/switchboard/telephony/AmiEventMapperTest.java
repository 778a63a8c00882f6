package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.telephony.testing.AmiTranscript;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.asteriskjava.manager.event.DialEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.junit.jupiter.api.Test;

class AmiEventMapperTest {

  private static final Instant CLOCK_NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final AmiEventMapper mapper = new AmiEventMapper(Clock.fixed(CLOCK_NOW, ZoneOffset.UTC));

  private static ManagerEvent event(String frame) {
    return AmiTranscript.buildEvent(AmiTranscript.parse("inline", frame).blocks().get(0));
  }

  @Test
  void amiTimestampIsKeptToTheMicrosecond() {
    PbxEvent event = mapper.map(event("""
        Event: Newchannel
        Timestamp: 1795480645.179726
        Channel: PJSIP/trunk-00000001
        Context: from-pstn
        Exten: 18005550100
        CallerIDNum: +14155550123
        Uniqueid: 1795480645.0
        Linkedid: 1795480645.0
        """)).orElseThrow();

    assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-24T00:37:25.179726Z"));
    assertThat(event).isInstanceOfSatisfying(PbxEvent.NewChannel.class, e -> {
      assertThat(e.channel().callerIdNum()).isEqualTo("+14155550123");
      assertThat(e.channel().context()).isEqualTo("from-pstn");
    });
  }

  @Test
  void eventWithoutTimestampIsStampedByTheClock() {
    PbxEvent event = mapper.map(event("""
        Event: Hangup
        Channel: PJSIP/2001-00000002
        Uniqueid: 1795480645.2
        Linkedid: 1795480645.0
        Cause: 16
        Cause-txt: Normal Clearing
        """)).orElseThrow();

    assertThat(event.timestamp()).isEqualTo(CLOCK_NOW);
    assertThat(event).isInstanceOfSatisfying(PbxEvent.Hangup.class, h -> assertThat(h.cause()).isEqualTo(16));
  }

  @Test
  void unknownCallerIdBecomesNull() {
    PbxEvent event = mapper.map(event("""
        Event: Newchannel
        Channel: Local/2001@from-pstn-00000000;2
        CallerIDNum: <unknown>
        CallerIDName: <unknown>
        Uniqueid: 1795480645.1
        Linkedid: 1795480645.0
        """)).orElseThrow();

    assertThat(((PbxEvent.NewChannel) event).channel().callerIdNum()).isNull();
    assertThat(((PbxEvent.NewChannel) event).channel().isLocalOneHalf()).isFalse();
  }

  @Test
  void originateDialBeginHasNoCallerButKeepsTheDestination() {
    PbxEvent event = mapper.map(event("""
        Event: DialBegin
        DestChannel: Local/2001@from-pstn-00000000;1
        DestUniqueid: 1795480645.0
        DestLinkedid: 1795480645.0
        DialString: 2001@from-pstn
        """)).orElseThrow();

    assertThat(event).isInstanceOfSatisfying(PbxEvent.DialBegin.class, d -> {
      assertThat(d.caller()).isNull();
      assertThat(d.destination().isLocalOneHalf()).isTrue();
    });
  }

  @Test
  void legacyDialEventBesideDialBeginIsNotMappedTwice() {
    DialEvent legacy = new DialEvent(this);
    legacy.setDestChannel("PJSIP/2001-00000002");
    legacy.setDestUniqueId("1.2");

    assertThat(mapper.map(legacy)).isEmpty();
  }

  @Test
  void onlyOutcomeVariablesAreMapped() {
    assertThat(mapper.map(event("""
        Event: VarSet
        Channel: PJSIP/trunk-00000001
        Uniqueid: 1.1
        Linkedid: 1.1
        Variable: RINGTIME_MS
        Value: 12
        """))).isEmpty();
    assertThat(mapper.map(event("""
        Event: VarSet
        Channel: PJSIP/trunk-00000001
        Uniqueid: 1.1
        Linkedid: 1.1
        Variable: DIALSTATUS
        Value: busy
        """))).hasValueSatisfying(e -> assertThat(((PbxEvent.VarSet) e).value()).isEqualTo("busy"));
  }

  @Test
  void celOtherThanLinkedIdEndIsNotMapped() {
    List<PbxEvent> cel = AmiTranscript.load("answered").managerEvents().stream()
        .filter(e -> e.getClass().getSimpleName().equals("CelEvent"))
        .flatMap(e -> mapper.map(e).stream())
        .toList();

    assertThat(cel).singleElement().isInstanceOf(PbxEvent.LinkedIdEnd.class);
  }

  @Test
  void hangupWithoutChannelIdsIsDroppedNotThrown() {
    assertThat(mapper.map(event("""
        Event: Hangup
        Channel: PJSIP/2001-00000002
        Cause: 16
        """))).isEmpty();
  }
}
