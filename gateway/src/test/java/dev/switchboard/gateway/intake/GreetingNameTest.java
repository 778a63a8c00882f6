package dev.switchboard.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GreetingNameTest {
  @Test
  void keepsOrdinaryNamesInAnyScript() {
    assertThat(GreetingName.of("Jane Doe")).contains("Jane Doe");
    assertThat(GreetingName.of("  Jörg Müller ")).contains("Jörg Müller");
    assertThat(GreetingName.of("O'Brien, Mary-Kate")).contains("O'Brien, Mary-Kate");
    assertThat(GreetingName.of("山田 太郎")).contains("山田 太郎");
    assertThat(GreetingName.of("Dr. J. Smith (Accounting)")).contains("Dr. J. Smith (Accounting)");
  }

  @Test
  void dropsAPhishingShapedDisplayName() {
    assertThat(GreetingName.of("Please reset your password now at https://evil.test/reset - IT")).isEmpty();
    assertThat(GreetingName.of("visit www.example.com")).isEmpty();
    assertThat(GreetingName.of("evil.test support")).isEmpty();
  }

  @Test
  void dropsAddressesControlsAndLineBreaks() {
    assertThat(GreetingName.of("jane@example.org")).isEmpty();
    assertThat(GreetingName.of("Jane\r\nBcc: x")).isEmpty();
    assertThat(GreetingName.of("Jane\u0000Doe")).isEmpty();
    assertThat(GreetingName.of("Jane\u2028Doe")).as("Unicode line separator").isEmpty();
    assertThat(GreetingName.of("Jane \u202Eeod")).as("a bidi override").isEmpty();
  }

  @Test
  void dropsWhatHasNoLetterOrIsTooLong() {
    assertThat(GreetingName.of(null)).isEmpty();
    assertThat(GreetingName.of("   ")).isEmpty();
    assertThat(GreetingName.of("12345 !!!")).isEmpty();
    assertThat(GreetingName.of("a".repeat(GreetingName.MAX_LENGTH))).isPresent();
    assertThat(GreetingName.of("a".repeat(GreetingName.MAX_LENGTH + 1))).isEqualTo(Optional.empty());
    assertThat(GreetingName.orNull("x".repeat(100))).isNull();
  }
}
