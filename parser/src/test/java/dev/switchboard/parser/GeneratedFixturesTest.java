package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.junit.jupiter.api.Test;

/**
 * The generated golden fixtures: written when missing (review and commit them), and checked against fresh output where
 * that output is deterministic. Also parses freshly generated S/MIME, so a new key and signing time work too.
 */
class GeneratedFixturesTest {
  private static final Path GOLDEN = Fixtures.RESOURCES.resolve("golden");

  @Test
  void generatedTnefIsReadableByPoiAndMatchesTheCommittedFixture() throws Exception {
    byte[] tnef = GeneratedFixtures.tnef(GeneratedFixtures.tnefFiles());
    HMEFMessage message = new HMEFMessage(new ByteArrayInputStream(tnef));
    assertThat(message.getAttachments()).extracting(Attachment::getFilename)
        .containsExactly("printer-error.txt", "../screenshot.png");
    assertThat(message.getAttachments().get(1).getContents()).isEqualTo(GeneratedFixtures.PNG);

    writeIfMissing("tnefWinmailDat.eml", GeneratedFixtures.tnefEml(tnef));
    assertThat(Files.readString(GOLDEN.resolve("tnefWinmailDat.eml"), StandardCharsets.US_ASCII))
        .isEqualTo(GeneratedFixtures.tnefEml(tnef));
    // cut inside the second file's data: POI must fail, the parser must keep winmail.dat and warn
    writeIfMissing("tnefTruncated.eml", GeneratedFixtures.tnefEml(Arrays.copyOf(tnef, tnef.length - 40)));
  }

  @Test
  void smimeFixturesExist() throws Exception {
    writeIfMissing("smimeOpaqueSigned.eml", GeneratedFixtures.opaqueSignedEml());
    writeIfMissing("smimeMultipartSigned.eml", GeneratedFixtures.multipartSignedEml());
    writeIfMissing("smimeEncrypted.eml", GeneratedFixtures.envelopedEml());
  }

  @Test
  void freshlySignedOpaqueMessageShowsItsContentAndWarnsThatTheSignatureIsNotVerified() throws Exception {
    byte[] raw = GeneratedFixtures.opaqueSignedEml().getBytes(StandardCharsets.US_ASCII);
    try (ParsedEmail email = new EmailParser().parse(raw)) {
      assertThat(email.text()).contains("badge reader at the north entrance");
      assertThat(email.attachments()).extracting(ParsedAttachment::filename).containsExactly("smime.p7m", "badge.png");
      assertThat(Fixtures.readAll(email.attachments().get(1).content().openStream()))
          .isEqualTo(GeneratedFixtures.PNG);
      assertThat(email.warnings()).extracting(ParseWarning::code).contains("signature-not-verified");
    }
  }

  @Test
  void freshlyEncryptedMessageIsKeptAsAttachmentWithWarning() throws Exception {
    byte[] raw = GeneratedFixtures.envelopedEml().getBytes(StandardCharsets.US_ASCII);
    try (ParsedEmail email = new EmailParser().parse(raw)) {
      assertThat(email.text()).isEmpty();
      assertThat(email.attachments()).extracting(ParsedAttachment::filename).containsExactly("smime.p7m");
      assertThat(email.warnings()).extracting(ParseWarning::code).contains("encrypted-message");
    }
  }

  private static void writeIfMissing(String name, String content) throws IOException {
    Path path = GOLDEN.resolve(name);
    if (!Files.exists(path)) {
      Files.writeString(path, content, StandardCharsets.US_ASCII);
      throw new AssertionError("generated fixture was missing and has been written; review and commit " + path);
    }
  }
}
