package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyExtractorTest {
  @Test
  void stripsGermanSchriebQuote() {
    String body = "Danke, das hat geholfen.\n\nAm 03.03.2026 um 09:15 schrieb Help Desk <help@example.org>:\n> Bitte neu starten.";
    assertThat(ReplyExtractor.extract(body)).isEqualTo("Danke, das hat geholfen.");
  }

  @Test
  void stripsFrenchEcritQuoteWithNonBreakingSpace() {
    String body = "Merci !\n\nLe 3 mars 2026 à 09:15, Help Desk <help@example.org> a écrit\u00a0:\n> Redémarrez.";
    assertThat(ReplyExtractor.extract(body)).isEqualTo("Merci !");
  }

  @Test
  void stripsLocalizedOutlookHeaderBlock() {
    String body = "Geht wieder.\n\n________________________________\nVon: Help Desk <help@example.org>\n"
        + "Gesendet: Dienstag, 3. März 2026 09:15\nAn: Jürgen <j@example.com>\nBetreff: Drucker\n\nBitte neu starten.";
    assertThat(ReplyExtractor.split(body).reply()).isEqualTo("Geht wieder.");
    assertThat(ReplyExtractor.split(body).removed()).contains("Betreff: Drucker");
  }

  @Test
  void stripsOriginalMessageSeparator() {
    String body = "Works now.\n\n-----Original Message-----\nFrom: Help Desk\nSent: Monday\nSubject: x\n\nold";
    assertThat(ReplyExtractor.extract(body)).isEqualTo("Works now.");
  }

  @Test
  void stripsMobileSignatureAndDashDashSignature() {
    assertThat(ReplyExtractor.extract("Yes please.\n\nSent from my iPhone")).isEqualTo("Yes please.");
    assertThat(ReplyExtractor.extract("Yes please.\n\n-- \nJane Doe\nACME Corp")).isEqualTo("Yes please.");
  }

  @Test
  void keepsSentFromSentenceThatIsNotASignature() {
    String body = "Here it is.\n\nSent from my desk, is much easier then my mobile phone.";
    assertThat(ReplyExtractor.extract(body)).isEqualTo(body);
  }

  @Test
  void keepsQuoteOnlyMessage() {
    assertThat(ReplyExtractor.extract("> only a quote")).isEqualTo("> only a quote");
  }

  @Test
  void keepsAnswerWrittenBelowQuote() {
    String body = "Hi,\nOn Mon, 2 Mar 2026, Help Desk <help@example.org> wrote:\n> Which printer?\n\nThe one on floor 2.\nThanks";
    assertThat(ReplyExtractor.extract(body)).isEqualTo("Hi,\nThe one on floor 2.\nThanks");
  }

  @Test
  void keepsLongSectionAfterHorizontalRule() {
    String body = "Intro\n\n-----\n" + "line\n".repeat(12);
    assertThat(ReplyExtractor.extract(body)).isEqualTo(body.strip());
  }
}
