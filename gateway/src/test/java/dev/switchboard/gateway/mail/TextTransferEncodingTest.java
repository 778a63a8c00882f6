package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our one-pass choice of transfer encoding against Jakarta Mail's own, on edge cases and on random texts. */
class TextTransferEncodingTest {
  @Test
  void choosesWhatJakartaMailChoosesForEveryKindOfText() throws Exception {
    List<String> texts = new ArrayList<>(List.of(
        "",
        "Hello Jane,\r\n\r\nwe received your request.\r\n",
        "tabs\tand bare\nline feeds\rand CRs",
        "a".repeat(998) + "\r\n" + "b".repeat(998),
        "a".repeat(999),
        "x".repeat(500) + "\n" + "y".repeat(999) + "\r\nshort",
        "Grüße aus Zürich",
        "ü".repeat(3) + "abcdefg",
        "üüüü abc",
        "日本語のテキストです",
        "control \u0001 character",
        "delete \u007f character",
        "emoji 😀 in a long ascii sentence of some length",
        "é".repeat(600) + "\r\n" + "e"));
    Random random = new Random(7);
    String alphabet = "abc XYZ\r\n\t.éü日😀\u0000\u001b~";
    for (int n = 0; n < 500; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(n % 10 == 0 ? 3000 : 200);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      texts.add(text.toString());
    }

    for (String text : texts) {
      String jakarta = MimeUtility.getEncoding(new DataHandler(text, "text/plain; charset=UTF-8"));
      assertThat(TextTransferEncoding.of(text)).as("text of %d chars: %s", text.length(),
          text.length() > 40 ? text.substring(0, 40) + "..." : text).isEqualTo(jakarta);
    }
  }
}
