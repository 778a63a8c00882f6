package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Mime4j's own malformed and well-formed messages: every one parses without an internal error, and every decoded
 * leaf mime4j expects is reachable, as an attachment with the same MD5 or as text in the body, including leaves inside
 * message/rfc822 attachments (reached by parsing the attachment again, as the gateway would).
 */
class MimeCorpusTest {
  private static final String BASE = "corpora/mime4j/";
  private static final int MAX_NESTED = 5;
  private static final List<Charset> CANDIDATE_CHARSETS = List.of(StandardCharsets.ISO_8859_1,
      StandardCharsets.UTF_8, Charset.forName("windows-1252"), Charset.forName("ISO-8859-15"));

  @Test
  void everyMime4jMessageParsesAndItsDecodedLeavesAreReachable() throws Exception {
    JsonNode expected = new ObjectMapper().readTree(Fixtures.bytes(BASE + "expected.json"));
    EmailParser parser = new EmailParser();
    int messages = 0;
    int leaves = 0;
    int found = 0;
    List<String> missing = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().has("leaf_parts")) {
        continue;
      }
      messages++;
      Set<String> md5s = new HashSet<>();
      StringBuilder text = new StringBuilder();
      try (ParsedEmail email = parser.parse(Fixtures.bytes(BASE + entry.getKey()))) {
        assertThat(email.warnings()).as(entry.getKey()).extracting(ParseWarning::code).doesNotContain("internal-error");
        collect(parser, email, md5s, text, 0);
      }
      String allText = collapse(text.toString());
      for (JsonNode leaf : entry.getValue().get("leaf_parts")) {
        leaves++;
        boolean reachable = md5s.contains(leaf.get("md5").asText());
        if (!reachable && leaf.get("kind").asText().equals("text")) {
          byte[] want = Fixtures.bytes(BASE + leaf.get("expected_file").asText());
          // the oracle does not record the part's charset, so any reading of the bytes we may have chosen counts
          for (Charset charset : CANDIDATE_CHARSETS) {
            reachable |= allText.contains(collapse(new String(want, charset)));
          }
        }
        if (reachable) {
          found++;
        } else {
          missing.add(leaf.get("expected_file").asText());
        }
      }
    }
    System.out.printf("corpus=mime4j messages=%d leaves_reachable=%d/%d%n", messages, found, leaves);
    missing.forEach(m -> System.out.println("  MISSING " + m));
    assertThat(messages).isEqualTo(80);
    assertThat(found).as("reachable leaves; missing %s", missing).isGreaterThanOrEqualTo(FLOOR);
  }

  /** Today's score; see the README for the leaves we knowingly render differently. */
  private static final int FLOOR = 152;

  private static void collect(EmailParser parser, ParsedEmail email, Set<String> md5s, StringBuilder text, int depth)
      throws IOException {
    text.append(email.text()).append('\n');
    for (ParsedAttachment attachment : email.attachments()) {
      if (attachment.content() == null) {
        continue;
      }
      byte[] bytes;
      try (InputStream in = attachment.content().openStream()) {
        bytes = in.readAllBytes();
      }
      md5s.add(md5(bytes));
      if (attachment.contentType().equals("message/rfc822") && depth < MAX_NESTED) {
        try (ParsedEmail nested = parser.parse(bytes)) {
          collect(parser, nested, md5s, text, depth + 1);
        }
      }
    }
  }

  private static String collapse(String s) {
    return s.replace("\uFEFF", "").replaceAll("\\s+", " ").strip();
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
