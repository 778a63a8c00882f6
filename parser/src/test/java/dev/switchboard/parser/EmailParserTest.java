package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmailParserTest {
  private final EmailParser parser = new EmailParser();

  @Test
  void readsThreadingHeadersWithoutAngleBrackets() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/plainReply.eml"))) {
      assertThat(email.failed()).isFalse();
      assertThat(email.messageId()).isEqualTo("abc123@example.com");
      assertThat(email.inReplyTo()).isEqualTo("ticket-42@helpdesk.example.org");
      assertThat(email.references()).containsExactly("root@helpdesk.example.org", "ticket-42@helpdesk.example.org");
      assertThat(email.returnPath()).isEqualTo("alice@example.com");
    }
  }

  @Test
  void decodesEncodedSubjectAndDisplayNames() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/plainReply.eml"))) {
      assertThat(email.subject()).isEqualTo("Re: Drucker defekt – dringend");
      assertThat(email.from()).isEqualTo(new EmailAddress("juergen@example.com", "Jürgen Müller"));
      assertThat(email.to()).extracting(EmailAddress::address).containsExactly("help@example.org", "bob@example.org");
      assertThat(email.cc()).containsExactly(new EmailAddress("it@example.org", "Team, IT"));
      assertThat(email.date()).isEqualTo(OffsetDateTime.of(2026, 3, 3, 9, 15, 0, 0, ZoneOffset.ofHours(1)));
    }
  }

  @Test
  void everyCidImageInSanitisedHtmlResolvesToAnInlineAttachmentByContentIdWithoutAngleBrackets() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/inlineImageCid.eml"))) {
      assertThat(email.html()).contains("src=\"cid:image001.png@01DA6F2B.5E3C1A40\"", "src=\"cid:chart\"")
          .doesNotContain("tracker.example.net", "<script");
      Matcher cids = Pattern.compile("src=\"cid:([^\"]+)\"").matcher(email.html());
      int resolved = 0;
      while (cids.find()) {
        String cid = cids.group(1);
        assertThat(email.attachments()).as("inline attachment for cid:%s", cid)
            .anySatisfy(a -> {
              assertThat(a.contentId()).isEqualTo(cid);
              assertThat(a.inline()).isTrue();
            });
        resolved++;
      }
      assertThat(resolved).isEqualTo(2);
      assertThat(email.attachments()).extracting(ParsedAttachment::contentId).noneMatch(id -> id.contains("<"));
      assertThat(email.warnings()).extracting(ParseWarning::code).doesNotContain("cid-unresolved");
    }
  }

  @Test
  void stripsQuotedHistoryFromReply() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/plainReply.eml"))) {
      assertThat(email.text()).contains("> Ticket 42 wurde angelegt.");
      assertThat(email.reply()).isEqualTo("Der Drucker geht wieder nicht.\nBitte um Rückruf.");
    }
  }

  @Test
  void rendersHtmlOnlyMailToTextAndSanitisesHtml() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/htmlOnly.eml"))) {
      assertThat(email.text()).isEqualTo("Hello,\n\nthe VPN is down. See status page <https://status.example.com/vpn>."
          + "\n\n- Laptop \u201cA\u201d\n- Printer\n\n[logo]\n\nThanks\nCarol");
      assertThat(email.html()).doesNotContain("script", "alert", "onclick", "tracker.example.net", "color:red")
          .contains("cid:logo@x", "https://status.example.com/vpn");
    }
  }

  @Test
  void sanitisesAttachmentNamesAndKeepsContent() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/attachmentPathTraversal.eml"))) {
      assertThat(email.text()).isEqualTo("Logs attached.");
      assertThat(email.attachments()).extracting(ParsedAttachment::filename)
          .containsExactly("passwd", "attachment-2.png", "Rechnung März.pdf");
      ParsedAttachment first = email.attachments().get(0);
      assertThat(first.size()).isEqualTo(11);
      assertThat(first.sha256()).isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
      assertThat(new String(Fixtures.readAll(uncheckedOpen(first)), StandardCharsets.US_ASCII)).isEqualTo("hello world");
      ParsedAttachment image = email.attachments().get(1);
      assertThat(image.inline()).isTrue();
      assertThat(image.contentId()).isEqualTo("img1@example.com");
    }
  }

  @Test
  void flagsBytesThatAreNotAMessageAsFailed() {
    byte[] garbage = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13, 0, 42};
    try (ParsedEmail email = parser.parse(garbage)) {
      assertThat(email.failed()).isTrue();
      assertThat(email.warnings()).extracting(ParseWarning::code).contains("not-a-message");
    }
  }

  @Test
  void flagsEmptyInputAsFailed() {
    try (ParsedEmail email = parser.parse(new byte[0])) {
      assertThat(email.failed()).isTrue();
    }
  }

  @Test
  void classifiesDeliveryStatusReportAsBounce() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/bouncePostfixDsn.eml"))) {
      assertThat(email.returnPath()).isEmpty();
      assertThat(email.classification().kind()).isEqualTo(MailKind.BOUNCE);
      assertThat(email.bounce()).isEqualTo(new BounceInfo(null, "r@p351355.pool.example.ne.jp", "5.1.1"));
    }
  }

  @Test
  void dropsAttachmentContentOverSizeLimitButKeepsNameAndSize() {
    EmailParser small = new EmailParser(new ParserLimits(1_000, 20, 5, 100, 1024));
    try (ParsedEmail email = small.parse(Fixtures.bytes("golden/attachmentPathTraversal.eml"))) {
      ParsedAttachment first = email.attachments().get(0);
      assertThat(first.dropped()).isTrue();
      assertThat(first.size()).isEqualTo(11);
      assertThat(email.warnings()).extracting(ParseWarning::code).contains("attachment-size-limit");
    }
  }

  @Test
  void readsAttachmentsSpilledToTemporaryStorage() {
    EmailParser spilling = new EmailParser(new ParserLimits(1_000, 20, 1024, 100, 0));
    try (ParsedEmail email = spilling.parse(Fixtures.bytes("golden/attachmentPathTraversal.eml"))) {
      assertThat(new String(Fixtures.readAll(uncheckedOpen(email.attachments().get(0))), StandardCharsets.US_ASCII))
          .isEqualTo("hello world");
    }
  }

  @Test
  void keepsNestedMessageAsAttachmentWhoseTextIsReachableByParsingIt() {
    try (ParsedEmail email = parser.parse(Fixtures.bytes("golden/nestedRfc822AndCalendar.eml"))) {
      ParsedAttachment nested = email.attachments().get(0);
      assertThat(nested.contentType()).isEqualTo("message/rfc822");
      try (ParsedEmail inner = parser.parse(Fixtures.readAll(uncheckedOpen(nested)))) {
        assertThat(inner.subject()).isEqualTo("Original problem");
        assertThat(inner.text()).contains("The scanner is offline.");
      }
      assertThat(email.attachments().get(1).contentType()).isEqualTo("text/calendar");
    }
  }

  private static InputStream uncheckedOpen(ParsedAttachment attachment) {
    try {
      return attachment.content().openStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
