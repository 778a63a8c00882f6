package dev.switchboard.gateway.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.CallTicketOptions;
import dev.switchboard.gateway.telephony.CallTicketPolicy.AddToTicket;
import dev.switchboard.gateway.telephony.CallTicketPolicy.Facts;
import dev.switchboard.gateway.telephony.CallTicketPolicy.OpenTicket;
import dev.switchboard.gateway.telephony.CallTicketPolicy.RecordOnly;
import dev.switchboard.telephony.AgentRef;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.Direction;
import dev.switchboard.telephony.Disposition;
import dev.switchboard.telephony.PhoneNumbers;
import dev.switchboard.telephony.Transfer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTicketPolicyTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final CallTicketPolicy DEFAULTS = new CallTicketPolicy(CallTicketOptions.DEFAULTS);
  private static final Facts UNKNOWN_CALLER = new Facts(true, null, null);
  private static final PhoneNumbers US = new PhoneNumbers("US", 6);

  private static CallRecord call(Direction direction, Disposition disposition) {
    boolean answered = disposition == Disposition.ANSWERED;
    return new CallRecord("1.0", direction, "+4930901820", "Lena Fischer", "2002",
        answered ? new AgentRef("2001", "Alice Agent") : null, null, List.of(), T0, answered ? T0.plusSeconds(3) : null,
        T0.plusSeconds(answered ? 11 : 10), answered ? 3 : 10, answered ? 8 : 0, disposition,
        disposition == Disposition.VOICEMAIL ? "2002@helpdesk" : null, false, false);
  }

  @Test
  void missedAbandonedAndVoicemailCallsOpenACallBackTicketForAnUnknownCaller() {
    for (Disposition d : List.of(Disposition.MISSED, Disposition.ABANDONED, Disposition.VOICEMAIL)) {
      assertThat(DEFAULTS.decide(call(Direction.INBOUND, d), UNKNOWN_CALLER, "+49 30 901820"))
          .as("%s", d)
          .isEqualTo(new OpenTicket("Call back +49 30 901820"));
    }
  }

  @Test
  void aCallBackCallPrefersTheTicketOfARecentCallBackCallOverOtherOpenTickets() {
    CallRecord missed = call(Direction.INBOUND, Disposition.MISSED);
    assertThat(DEFAULTS.decide(missed, new Facts(true, 7L, 9L), "x")).isInstanceOf(AddToTicket.class)
        .extracting(d -> ((AddToTicket) d).ticketId()).isEqualTo(7L);
    assertThat(DEFAULTS.decide(missed, new Facts(true, null, 9L), "x"))
        .isEqualTo(new AddToTicket(9L, "caller has an open ticket"));
  }

  @Test
  void withoutANumberOnlyAVoicemailOpensATicket() {
    Facts withheld = new Facts(false, null, null);
    assertThat(DEFAULTS.decide(call(Direction.INBOUND, Disposition.MISSED), withheld, "a withheld number"))
        .isInstanceOf(RecordOnly.class);
    assertThat(DEFAULTS.decide(call(Direction.INBOUND, Disposition.VOICEMAIL), withheld, "a withheld number"))
        .isEqualTo(new OpenTicket("Voicemail from a withheld number"));
  }

  @Test
  void answeredCallsAreLoggedOnTheOpenTicketOrOpenOneUnderNewTicket() {
    CallRecord answered = call(Direction.INBOUND, Disposition.ANSWERED);
    assertThat(DEFAULTS.decide(answered, new Facts(true, null, 5L), "x")).isInstanceOf(AddToTicket.class);
    assertThat(DEFAULTS.decide(answered, UNKNOWN_CALLER, "x")).isInstanceOf(RecordOnly.class);
    CallTicketPolicy newTicket = new CallTicketPolicy(new CallTicketOptions(
        CallTicketOptions.NEW_TICKET, 120, CallTicketOptions.DEFAULT_CALL_BACK_FOR, null));
    assertThat(newTicket.decide(answered, new Facts(true, null, 5L), "+49 30 901820"))
        .isEqualTo(new OpenTicket("Phone call from +49 30 901820"));
  }

  @Test
  void internalCallsNeverTouchTicketsAndBusyIsNoCallBackByDefault() {
    assertThat(DEFAULTS.decide(call(Direction.INTERNAL, Disposition.MISSED), new Facts(true, 1L, 2L), "x"))
        .isEqualTo(new RecordOnly("internal call"));
    assertThat(DEFAULTS.decide(call(Direction.INBOUND, Disposition.BUSY), UNKNOWN_CALLER, "x"))
        .isInstanceOf(RecordOnly.class);
    CallTicketPolicy busyToo = new CallTicketPolicy(new CallTicketOptions(
        CallTicketOptions.LOG_ON_OPEN_TICKET, 120, List.of("missed", "busy"), null));
    assertThat(busyToo.decide(call(Direction.INBOUND, Disposition.BUSY), UNKNOWN_CALLER, "x"))
        .isInstanceOf(OpenTicket.class);
  }

  @Test
  void summariesSayWhoWhatAndHowLong() {
    PhoneNumbers.Normalised lena = US.normalise("+4930901820");
    String party = CallSummary.party(lena, "Lena Fischer");
    assertThat(party).isEqualTo("+49 30 901820 (Lena Fischer)");
    assertThat(CallSummary.text(call(Direction.INBOUND, Disposition.MISSED), party))
        .isEqualTo("Missed call from +49 30 901820 (Lena Fischer), rang 10 s.");
    assertThat(CallSummary.text(call(Direction.INBOUND, Disposition.VOICEMAIL), party))
        .isEqualTo("Voicemail from +49 30 901820 (Lena Fischer) in box 2002@helpdesk, rang 10 s first.");
    CallRecord transferred = new CallRecord("1.1", Direction.INBOUND, "+14155550123", "Jane Doe", "2001",
        new AgentRef("2001", "Alice Agent"), "support",
        List.of(new Transfer("2001", "2004", Transfer.Kind.BLIND, T0.plusSeconds(6))), T0, T0.plusSeconds(3),
        T0.plusSeconds(20), 3, 17, Disposition.ANSWERED, null, true, true);
    assertThat(CallSummary.text(transferred, CallSummary.party(US.normalise("(415) 555-0123"), "Jane Doe")))
        .isEqualTo("Call from +1 415-555-0123 (Jane Doe) in queue support answered by Alice Agent (2001) after 3 s, "
            + "talked 17 s; transferred (blind) from 2001 to 2004. The call's events stopped, so it was closed after a "
            + "time limit; its end is the last event seen. Switchboard joined this call in progress: start and ring "
            + "time are lower bounds.");
    assertThat(CallSummary.party(US.normalise("anonymous"), "anonymous")).as("a name that only repeats the number is dropped").isEqualTo("a withheld number");
  }
}
