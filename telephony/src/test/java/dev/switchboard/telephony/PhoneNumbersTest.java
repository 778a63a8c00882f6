package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.telephony.PhoneNumbers.Kind;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

  private final PhoneNumbers us = new PhoneNumbers("US", 6);
  private final PhoneNumbers gb = new PhoneNumbers("gb", 6);

  @Test
  void numberWithCountryCodeIsAlreadyE164() {
    assertThat(us.normalise("+14155550123").e164()).contains("+14155550123");
    assertThat(us.normalise("+81355501234").e164()).contains("+81355501234");
  }

  @Test
  void nationalNumberGetsTheDefaultRegionsCountryCode() {
    assertThat(us.normalise("18005550100").e164()).contains("+18005550100");
    assertThat(us.normalise("(415) 555-0123").e164()).contains("+14155550123");
    assertThat(gb.normalise("020 7946 0958").e164()).contains("+442079460958");
  }

  @Test
  void internationalPrefixOfTheDefaultRegionIsUnderstood() {
    assertThat(gb.normalise("00442079460958").e164()).contains("+442079460958");
    assertThat(us.normalise("011 49 30 901820").e164()).contains("+4930901820");
  }

  @Test
  void shortAllDigitNumberIsAnExtensionNotAPhoneNumber() {
    PhoneNumbers.Normalised extension = us.normalise("2001");

    assertThat(extension.kind()).isEqualTo(Kind.EXTENSION);
    assertThat(extension.value()).isEqualTo("2001");
    assertThat(extension.e164()).isEmpty();
  }

  @Test
  void withheldCallerIdIsWithheldWhateverTheSpelling() {
    assertThat(us.normalise("<unknown>").kind()).isEqualTo(Kind.WITHHELD);
    assertThat(us.normalise("Anonymous").kind()).isEqualTo(Kind.WITHHELD);
    assertThat(us.normalise(null).kind()).isEqualTo(Kind.WITHHELD);
    assertThat(us.normalise("  ").kind()).isEqualTo(Kind.WITHHELD);
  }

  @Test
  void textThatIsNoNumberKeepsTheRawValue() {
    PhoneNumbers.Normalised junk = us.normalise("sip:alice@example.com");

    assertThat(junk.kind()).isEqualTo(Kind.UNPARSEABLE);
    assertThat(junk.raw()).isEqualTo("sip:alice@example.com");
    assertThat(junk.e164()).isEmpty();
  }

  @Test
  void unknownRegionIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> new PhoneNumbers("XX", 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("defaultRegion must be a supported ISO 3166 region code, was XX");
  }
}
