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

  private ParsedEmail parseHeaders(String headers) {
    String raw = headers + "To: help@example.org\r\nSubject: x\r\nMessage-ID: <h1@example.com>\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n";
    return parser.parse(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void anEncodedDisplayNameWithACommaIsOneAddress() {
    try (ParsedEmail email = parseHeaders("From: =?utf-8?q?M=C3=BCller,_J=C3=B6rg?= <joerg@example.com>\r\n")) {
      assertThat(email.from()).isEqualTo(new EmailAddress("joerg@example.com", "Müller, Jörg"));
    }
  }

  @Test
  void aMissingFromFallsBackToSenderThenReplyToThenTheEnvelope() {
    try (ParsedEmail email = parseHeaders("From: \r\nSender: jane@example.com\r\nReply-To: desk@example.com\r\n")) {
      assertThat(email.from()).isEqualTo(EmailAddress.of("jane@example.com"));
      assertThat(email.warnings()).contains(new ParseWarning("from-fallback", "source=Sender"));
    }
    try (ParsedEmail email = parseHeaders("Reply-To: desk@example.com\r\n")) {
      assertThat(email.from()).isEqualTo(EmailAddress.of("desk@example.com"));
    }
    try (ParsedEmail email = parseHeaders("Return-Path: <bounce-1@example.com>\r\n")) {
      assertThat(email.from()).isEqualTo(EmailAddress.of("bounce-1@example.com"));
      assertThat(email.warnings()).contains(new ParseWarning("from-fallback", "source=Return-Path"));
    }
  }

  @Test
  void ofTwoFromHeadersTheValidOneIsTaken() {
    try (ParsedEmail email = parseHeaders("From: undisclosed\r\nFrom: Jane <jane@example.com>\r\n")) {
      assertThat(email.from()).isEqualTo(new EmailAddress("jane@example.com", "Jane"));
    }
  }

  @Test
  void aTrailingDotOrStrayBracketInAnAddressIsRepairedWithAWarning() {
    try (ParsedEmail email = parseHeaders("From: jane@example.com.\r\nCc: bob@example.com>\r\n")) {
      assertThat(email.from().address()).isEqualTo("jane@example.com");
      assertThat(email.cc()).extracting(EmailAddress::address).containsExactly("bob@example.com");
      assertThat(email.warnings()).extracting(ParseWarning::code).contains("address-repaired");
    }
  }
}
