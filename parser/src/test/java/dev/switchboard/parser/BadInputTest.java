package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 12, parser side: hostile or broken header values come out safe to store and to show. */
class BadInputTest {
  private final EmailParser parser = new EmailParser();

  @Test
  void nulAndControlsInHeadersAreRemovedAndTheSenderIsKept() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/nulInHeaders.eml"))) {
      assertThat(email.failed()).isFalse();
      assertThat(email.from()).isEqualTo(new EmailAddress("jane@example.com", "Jane Doe"));
      assertThat(email.messageId()).isEqualTo("abc123@example.com");
      assertThat(email.references()).containsExactly("r1@example.com", "r2@example.com");
      assertThat(email.subject()).isEqualTo("Printer broken again");
      assertThat(email.header("X-Note")).contains("bell andnul");
      assertThat(email.headers()).allSatisfy(h -> assertThat(h.value()).doesNotContainPattern("\\p{Cc}"));
    }
  }

  @Test
  void lineBreaksInsideAnEncodedSubjectBecomeOneSpace() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/subjectWithLineBreaks.eml"))) {
      assertThat(email.subject()).isEqualTo("Reset my password Bcc: spy@evil.test now");
    }
  }

  @Test
  void internationalisedAddressesAreKeptAsUnicode() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/internationalisedAddresses.eml"))) {
      assertThat(email.from()).isEqualTo(new EmailAddress("jörg.müller@beispiel.de", "Jörg Müller"));
      assertThat(email.to()).containsExactly(EmailAddress.of("help@example.org"),
          new EmailAddress("joerg@bücher.de", "Bücher, Team"));
      assertThat(email.cc()).extracting(EmailAddress::address)
          .containsExactly("jörg.müller@beispiel.de", "jörg.müller@beispiel.de");
      assertThat(email.replyTo()).containsExactly(new EmailAddress("taro@例え.jp", "日本 太郎"));
      assertThat(email.from().domain()).isEqualTo("beispiel.de");
      assertThat(email.to().get(1).domain()).isEqualTo("bücher.de");
    }
  }

  @Test
  void aPhishingShapedDisplayNameIsNoPersonalName() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/phishingDisplayName.eml"))) {
      assertThat(email.from().address()).isEqualTo("it@evil.test");
      assertThat(email.from().plausiblePersonalName()).isEmpty();
    }
  }

  @Test
  void plausiblePersonalNameAcceptsNamesAndRejectsEverythingElse() {
    for (String good : new String[] {"Jane Doe", "Jörg Müller", "Dr. A. Smith", "O'Brien, Seán", "日本 太郎",
        "محمد علی", "IT Service Desk", "Anne-Marie  van der Berg", "Jane (Accounts)"}) {
      assertThat(new EmailAddress("x@example.com", good).plausiblePersonalName()).as(good).isPresent();
    }
    assertThat(new EmailAddress("x@example.com", "Anne-Marie  van der Berg").plausiblePersonalName())
        .contains("Anne-Marie van der Berg");
    for (String bad : new String[] {"https://evil.test/reset", "Visit www.example.com", "jane@example.com",
        "reset at evil.test now", "evil.test/reset", "x".repeat(65), "12345", "---", "Jane\nDoe", "Jane\u202eeoD",
        "<script>", "ftp://host"}) {
      assertThat(new EmailAddress("x@example.com", bad).plausiblePersonalName()).as(bad).isEmpty();
    }
    assertThat(EmailAddress.of("x@example.com").plausiblePersonalName()).isEmpty();
  }
}
