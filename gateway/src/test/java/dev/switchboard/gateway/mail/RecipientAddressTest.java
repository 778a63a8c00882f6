package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.mail.RecipientAddress.Form;
import org.junit.jupiter.api.Test;

class RecipientAddressTest {
  @Test
  void asciiAddressGoesAsItIsWhateverTheRelay() {
    assertThat(RecipientAddress.decide("jane@example.org", false)).isEqualTo(
        new RecipientAddress(Form.ASCII, "jane@example.org", null));
    assertThat(RecipientAddress.decide("jane@example.org", true).form()).isEqualTo(Form.ASCII);
  }

  @Test
  void unicodeAddressGoesAsItIsOverSmtpUtf8() {
    assertThat(RecipientAddress.decide("jörg.müller@beispiel.de", true)).isEqualTo(
        new RecipientAddress(Form.UTF8, "jörg.müller@beispiel.de", null));
    assertThat(RecipientAddress.decide("joerg@bücher.de", true).needsSmtpUtf8()).isTrue();
  }

  @Test
  void idnDomainBecomesPunycodeWithoutSmtpUtf8() {
    assertThat(RecipientAddress.decide("joerg@bücher.de", false)).isEqualTo(
        new RecipientAddress(Form.PUNYCODE, "joerg@xn--bcher-kva.de", null));
    assertThat(RecipientAddress.decide("info@Bücher.München.example", false).address())
        .isEqualTo("info@xn--bcher-kva.xn--mnchen-3ya.example");
  }

  @Test
  void domainThatIdna2003WouldTurnIntoAnotherDomainIsUnsendable() {
    // IDNA2003 (java.net.IDN) gives strasse.example; the registered IDNA2008 name is xn--strae-oqa.example
    RecipientAddress r = RecipientAddress.decide("info@straße.example", false);

    assertThat(r.form()).isEqualTo(Form.UNSENDABLE);
    assertThat(r.reason()).contains("IDNA2003 and IDNA2008");
    assertThat(RecipientAddress.decide("info@straße.example", true).form()).isEqualTo(Form.UTF8);
  }

  @Test
  void nonAsciiLocalPartCannotGoWithoutSmtpUtf8() {
    RecipientAddress r = RecipientAddress.decide("jörg.müller@beispiel.de", false);

    assertThat(r.form()).isEqualTo(Form.UNSENDABLE);
    assertThat(r.address()).isNull();
    assertThat(r.reason()).isEqualTo(
        "the address jörg.müller@beispiel.de has a non-ASCII local part and the SMTP relay does not offer SMTPUTF8");
  }

  @Test
  void invalidInternationalisedDomainIsUnsendable() {
    String label = "ü".repeat(70);
    RecipientAddress r = RecipientAddress.decide("joerg@" + label + ".de", false);

    assertThat(r.form()).isEqualTo(Form.UNSENDABLE);
    assertThat(r.reason()).contains("not a valid internationalised domain name");
  }
}
