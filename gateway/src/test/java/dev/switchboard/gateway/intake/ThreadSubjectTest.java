package dev.switchboard.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Golden table: the ticket's stored subject in, the one subject of each conversation out. */
class ThreadSubjectTest {
  private static final SubjectTag TAG = new SubjectTag("[#{number}]");

  /** Stored ticket subject, subject of every mail to the requester, subject of every notification to a coordinator. */
  private static final String[][] GOLDEN = {
    {"Printer on floor 3 is jammed", "Re: [#1042] Printer on floor 3 is jammed",
        "[#1042] Printer on floor 3 is jammed"},
    {"Re: Printer jammed", "Re: [#1042] Printer jammed", "[#1042] Printer jammed"},
    {"RE: Re: re:Printer jammed", "Re: [#1042] Printer jammed", "[#1042] Printer jammed"},
    {"AW: WG: Drucker klemmt", "Re: [#1042] Drucker klemmt", "[#1042] Drucker klemmt"},
    {"Fwd: FW: Re[2]: VPN down", "Re: [#1042] VPN down", "[#1042] VPN down"},
    {"SV: Vs: Antw: Re^3: Skrivare", "Re: [#1042] Skrivare", "[#1042] Skrivare"},
    {"[#1042] Printer jammed", "Re: [#1042] Printer jammed", "[#1042] Printer jammed"},
    {"Re: [#1042] Re: Printer jammed", "Re: [#1042] Printer jammed", "[#1042] Printer jammed"},
    {"[#77] older ticket", "Re: [#1042] [#77] older ticket", "[#1042] [#77] older ticket"},
    {"Report: Q3 numbers", "Re: [#1042] Report: Q3 numbers", "[#1042] Report: Q3 numbers"},
    {"Regarding: lunch", "Re: [#1042] Regarding: lunch", "[#1042] Regarding: lunch"},
    {"  many   spaces  ", "Re: [#1042] many spaces", "[#1042] many spaces"},
    {"", "Re: [#1042] (no subject)", "[#1042] (no subject)"},
    {"Re:", "Re: [#1042] (no subject)", "[#1042] (no subject)"},
    {null, "Re: [#1042] (no subject)", "[#1042] (no subject)"},
    {"Missed call from +49 30 1234567", "Re: [#1042] Missed call from +49 30 1234567",
        "[#1042] Missed call from +49 30 1234567"},
  };

  @Test
  void everyMailOfAConversationKeepsOneSubjectWithoutReRe() {
    for (String[] row : GOLDEN) {
      assertThat(ThreadSubject.forRequester(TAG, 1042, row[0])).as("requester subject of '%s'", row[0])
          .isEqualTo(row[1]);
      assertThat(ThreadSubject.forCoordinator(TAG, 1042, row[0])).as("coordinator subject of '%s'", row[0])
          .isEqualTo(row[2]);
    }
  }

  @Test
  void aSubjectStaysWithinTheHeaderLineLimit() {
    assertThat(ThreadSubject.forRequester(TAG, 1, "x".repeat(2000))).hasSize(998);
  }

  @Test
  void customTagFormatsAreTakenOffToo() {
    SubjectTag custom = new SubjectTag("(Ticket {number})");
    assertThat(ThreadSubject.forRequester(custom, 5, "Re: (Ticket 5) help")).isEqualTo("Re: (Ticket 5) help");
  }
}
