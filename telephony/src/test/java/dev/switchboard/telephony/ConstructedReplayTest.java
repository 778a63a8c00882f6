package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.telephony.testing.AmiTranscript;
import dev.switchboard.telephony.testing.CallReplay;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-made transcripts (see the {@code .constructed.md} note beside each) for what the recorded corpus lacks: real
 * trunk channels instead of Local pairs, ring groups, attended transfer, a PBX that goes away, a listener that joins
 * mid-call, junk on the wire, a queue timeout.
 */
class ConstructedReplayTest {

  @Test
  void ringGroupAnsweredByBobCancelsAliceAndIsAnsweredByBob() {
    List<CallRecord> records = CallReplay.replay("ring-group");

    assertThat(records).singleElement().satisfies(call -> {
      assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
      assertThat(call.answeredBy()).isEqualTo(new AgentRef("2002", "Bob Agent"));
      assertThat(call.callerNumber()).isEqualTo("+442071838750");
      assertThat(call.direction()).isEqualTo(Direction.INBOUND);
      assertThat(call.ringSeconds()).isCloseTo(4, within(1L));
      assertThat(call.talkSeconds()).isCloseTo(7, within(1L));
    });
  }

  @Test
  void attendedTransferRecordsAliceToDaveOnTheCallersCallAndTheConsultationAsInternal() {
    List<CallRecord> records = CallReplay.replay("transfer-attended").stream()
        .sorted(Comparator.comparing(CallRecord::start))
        .toList();

    assertThat(records).hasSize(2);
    CallRecord caller = records.get(0);
    assertThat(caller.direction()).isEqualTo(Direction.INBOUND);
    assertThat(caller.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(caller.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
    assertThat(caller.transfers()).singleElement().satisfies(t -> {
      assertThat(t.from()).isEqualTo("2001");
      assertThat(t.to()).isEqualTo("2004");
      assertThat(t.kind()).isEqualTo(Transfer.Kind.ATTENDED);
    });
    assertThat(caller.talkSeconds()).isCloseTo(28, within(1L));
    CallRecord consultation = records.get(1);
    assertThat(consultation.direction()).isEqualTo(Direction.INTERNAL);
    assertThat(consultation.callerNumber()).isEqualTo("2001");
    assertThat(consultation.answeredBy()).isEqualTo(new AgentRef("2004", "Dave Agent"));
  }

  @Test
  void callWhoseEventsStopIsClosedByExpireAsAnsweredAndFlaggedExpired() {
    CallReplay replay = new CallReplay(CallReplay.CORPUS_SETTINGS.withExpireAfter(Duration.ofMinutes(30)));
    replay.feed(AmiTranscript.load("pbx-restart").managerEvents());
    assertThat(replay.records()).as("no call ends by itself").isEmpty();
    assertThat(replay.correlator().stats().openCalls()).isEqualTo(1);

    assertThat(replay.expire(Instant.ofEpochSecond(1795492000L + 29 * 60))).as("idle 29 of 30 minutes").isEmpty();
    List<CallRecord> expired = replay.expire(Instant.ofEpochSecond(1795492000L + 31 * 60));

    assertThat(expired).singleElement().satisfies(call -> {
      assertThat(call.expired()).isTrue();
      assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
      assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
      assertThat(call.callerNumber()).isEqualTo("+16465550123");
      assertThat(call.ringSeconds()).isCloseTo(3, within(1L));
      // the bridge was the last thing seen: that is the end we know of, so no talk time is invented
      assertThat(call.end()).isEqualTo(call.answer());
      assertThat(call.talkSeconds()).isZero();
    });
    assertThat(replay.correlator().stats().callsExpired()).isEqualTo(1);
  }

  @Test
  void callFirstSeenAtABridgeEnterIsAnsweredByTheAgentAndFlaggedMidCall() {
    List<CallRecord> records = CallReplay.replay("mid-call");

    assertThat(records).singleElement().satisfies(call -> {
      assertThat(call.midCall()).isTrue();
      assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
      assertThat(call.answeredBy()).isEqualTo(new AgentRef("2002", "Bob Agent"));
      assertThat(call.callerNumber()).isEqualTo("+33142685300");
      assertThat(call.direction()).isEqualTo(Direction.INBOUND);
      assertThat(call.callId()).isEqualTo("1795492990.100");
      assertThat(call.talkSeconds()).isCloseTo(9, within(1L));
    });
  }

  @Test
  void garbledAndUnknownFramesAreIgnoredAndTheCallStillCorrelates() {
    AmiTranscript transcript = AmiTranscript.load("garbled-frame");
    CallReplay replay = new CallReplay(CallReplay.CORPUS_SETTINGS);
    replay.feed(transcript.managerEvents());

    assertThat(replay.records()).singleElement().satisfies(call -> {
      assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
      assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
      assertThat(call.talkSeconds()).isCloseTo(6, within(1L));
    });
    // Asterisk-Java builds nothing for the unknown type; the mapper drops the Hangup and DialEnd without channel ids,
    // beside the Newstate frames correlation never uses
    long newstateFrames = transcript.blocks().stream().filter(b -> "Newstate".equals(b.get("Event"))).count();
    assertThat(transcript.managerEvents()).noneMatch(e -> e.getClass().getSimpleName().contains("Frobnicate"));
    assertThat(replay.unmapped()).isEqualTo(newstateFrames + 2);
    assertThat(replay.correlator().stats().eventsIgnored()).isZero();
  }

  @Test
  void queueTimeoutWithTheCallerStillOnTheLineIsMissedNotAbandoned() {
    List<CallRecord> records = CallReplay.replay("queue-timeout");

    assertThat(records).singleElement().satisfies(call -> {
      assertThat(call.disposition()).isEqualTo(Disposition.MISSED);
      assertThat(call.queue()).isEqualTo("billing");
      assertThat(call.ringSeconds()).isCloseTo(20, within(1L));
    });
  }
}
