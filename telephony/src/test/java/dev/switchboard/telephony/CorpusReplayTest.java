package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.telephony.testing.CallReplay;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One golden test per real Asterisk 22 transcript in {@code ami/}: the outcome the corpus README says a help desk
 * should record. Times are asserted within ±1 s.
 */
class CorpusReplayTest {

  private static CallRecord onlyCall(String transcript) {
    List<CallRecord> records = CallReplay.replay(transcript);
    assertThat(records).as("calls finished by %s", transcript).hasSize(1);
    CallRecord call = records.get(0);
    assertThat(call.expired()).as("expired").isFalse();
    assertThat(call.midCall()).as("midCall").isFalse();
    return call;
  }

  @Test
  void directCallAnsweredByAliceAfterThreeSecondsTalksEight() {
    CallRecord call = onlyCall("answered");

    assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(call.direction()).isEqualTo(Direction.INBOUND);
    assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
    assertThat(call.callerNumber()).isEqualTo("+14155550123");
    assertThat(call.callerName()).isEqualTo("Jane Doe");
    assertThat(call.dialledNumber()).isEqualTo("2001");
    assertThat(call.callId()).isEqualTo("1795480645.0");
    assertThat(call.ringSeconds()).isCloseTo(3, within(1L));
    assertThat(call.talkSeconds()).isCloseTo(8, within(1L));
    assertThat(call.queue()).isNull();
    assertThat(call.transfers()).isEmpty();
  }

  @Test
  void callWhereTheAgentHangsUpIsAnsweredByFrankWithFiveSecondsTalk() {
    CallRecord call = onlyCall("answered-agent-hangup");

    assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(call.answeredBy()).isEqualTo(new AgentRef("2006", "Frank Agent"));
    assertThat(call.callerNumber()).isEqualTo("+442079460958");
    assertThat(call.talkSeconds()).isCloseTo(5, within(1L));
    assertThat(call.ringSeconds()).isCloseTo(2, within(1L));
  }

  @Test
  void callRingingTenSecondsWithoutAnswerIsMissed() {
    CallRecord call = onlyCall("missed-noanswer");

    assertThat(call.disposition()).isEqualTo(Disposition.MISSED);
    assertThat(call.answeredBy()).isNull();
    assertThat(call.answer()).isNull();
    assertThat(call.callerNumber()).isEqualTo("+4930901820");
    assertThat(call.ringSeconds()).isCloseTo(10, within(1L));
    assertThat(call.talkSeconds()).isZero();
  }

  @Test
  void busyAgentMakesABusyCall() {
    CallRecord call = onlyCall("busy");

    assertThat(call.disposition()).isEqualTo(Disposition.BUSY);
    assertThat(call.callerNumber()).isEqualTo("+16175550142");
    assertThat(call.talkSeconds()).isZero();
  }

  @Test
  void callerHangingUpWhileItRingsIsAbandonedNotMissed() {
    CallRecord call = onlyCall("abandoned-ringing");

    assertThat(call.disposition()).isEqualTo(Disposition.ABANDONED);
    assertThat(call.ringSeconds()).isCloseTo(6, within(1L));
    assertThat(call.callerNumber()).isEqualTo("+14155550177");
  }

  @Test
  void dialToAPhoneThatDoesNotExistFailsEvenWithoutAnyCdr() {
    CallRecord call = onlyCall("unavailable");

    assertThat(call.disposition()).isEqualTo(Disposition.FAILED);
    assertThat(call.dialledNumber()).isEqualTo("2999");
    assertThat(call.callerNumber()).isEqualTo("+13125550111");
  }

  @Test
  void unansweredCallThatReachesVoicemailRecordsTheMailbox() {
    CallRecord call = onlyCall("voicemail-noanswer");

    assertThat(call.disposition()).isEqualTo(Disposition.VOICEMAIL);
    assertThat(call.voicemailBox()).isEqualTo("2002@helpdesk");
    assertThat(call.answeredBy()).isNull();
    assertThat(call.ringSeconds()).isCloseTo(8, within(1L));
    assertThat(call.callerNumber()).isEqualTo("+34915550188");
  }

  @Test
  void ringallQueueCallIsAnsweredByAliceViaSupportWhileBobIsCancelled() {
    CallRecord call = onlyCall("queue-answered");

    assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(call.queue()).isEqualTo("support");
    assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
    assertThat(call.dialledNumber()).isEqualTo("18005550100");
    assertThat(call.direction()).isEqualTo(Direction.INBOUND);
    assertThat(call.ringSeconds()).isCloseTo(3, within(1L));
    assertThat(call.talkSeconds()).isCloseTo(11, within(1L));
  }

  @Test
  void callerHangingUpInTheBillingQueueIsAbandonedInThatQueue() {
    CallRecord call = onlyCall("queue-abandoned");

    assertThat(call.disposition()).isEqualTo(Disposition.ABANDONED);
    assertThat(call.queue()).isEqualTo("billing");
    assertThat(call.answeredBy()).isNull();
    assertThat(call.ringSeconds()).isCloseTo(10, within(1L));
    assertThat(call.callerNumber()).isEqualTo("+81355501234");
  }

  @Test
  void agentToAgentCallInContextInternalIsInternal() {
    CallRecord call = onlyCall("internal-call");

    assertThat(call.direction()).isEqualTo(Direction.INTERNAL);
    assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(call.callerNumber()).isEqualTo("2004");
    assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
  }

  @Test
  void blindTransferKeepsAliceAsAnswererAndRecordsTheHandOverToDave() {
    CallRecord call = onlyCall("transfer-blind");

    assertThat(call.disposition()).isEqualTo(Disposition.ANSWERED);
    assertThat(call.direction()).isEqualTo(Direction.INBOUND);
    assertThat(call.answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
    assertThat(call.transfers()).singleElement().satisfies(t -> {
      assertThat(t.from()).isEqualTo("2001");
      assertThat(t.to()).isEqualTo("2004");
      assertThat(t.kind()).isEqualTo(Transfer.Kind.BLIND);
    });
    assertThat(call.ringSeconds()).isCloseTo(3, within(1L));
    // Alice 3 s, then Dave after 2 s of ringing for 12 s: the caller was connected for about 17 s
    assertThat(call.talkSeconds()).isCloseTo(17, within(1L));
  }
}
