package dev.switchboard.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SubjectTagTest {
  private final SubjectTag tag = new SubjectTag("[#{number}]");

  @Test
  void findsTheTagThroughReplyAndForwardPrefixes() {
    assertThat(tag.find("Re: AW: [#1042] Printer on fire")).isEqualTo(OptionalLong.of(1042));
    assertThat(tag.find("Fwd: printer [# 1042 ]")).isEqualTo(OptionalLong.of(1042));
    assertThat(tag.find("Printer on fire")).isEmpty();
    assertThat(tag.find("Order #1042")).as("a bare #number is not our tag").isEmpty();
    assertThat(tag.find(null)).isEmpty();
  }

  @Test
  void lastTagWinsWhenASubjectCarriesSeveral() {
    assertThat(tag.find("[#1001] merged into [#1002]")).isEqualTo(OptionalLong.of(1002));
  }

  @Test
  void appliesTheTagOnceAndHonoursCustomFormats() {
    assertThat(tag.apply(7, "Printer")).isEqualTo("[#7] Printer");
    assertThat(tag.apply(7, "Re: [#7] Printer")).isEqualTo("Re: [#7] Printer");
    assertThat(tag.apply(7, " ")).isEqualTo("[#7] (no subject)");

    SubjectTag custom = new SubjectTag("(Ticket {number})");
    assertThat(custom.find("RE: (ticket 55) help")).isEqualTo(OptionalLong.of(55));
    assertThat(custom.tag(55)).isEqualTo("(Ticket 55)");
  }

  @Test
  void stripsOnlyThisTicketsTagAsWeWriteIt() {
    assertThat(tag.strip("Re: [#7] Printer ", 7)).isEqualTo("Re:  Printer");
    assertThat(tag.strip("[#8] Printer", 7)).as("another ticket's tag stays").isEqualTo("[#8] Printer");
    assertThat(tag.strip("[# 7 ] Printer", 7)).as("a retyped tag is not ours to remove").isEqualTo("[# 7 ] Printer");
  }
}
