package dev.switchboard.gateway.mail;

import java.nio.charset.StandardCharsets;

/**
 * The Content-Transfer-Encoding Jakarta Mail chooses for a UTF-8 text part, decided in one pass over the bytes.
 * Without the header Jakarta Mail decides it itself when the message is saved, by writing the text through a checking
 * stream one byte per call: in a profile of the sender that was a tenth of the JVM's CPU. The rule is the same
 * ({@code MimeUtility.getEncoding} for text, Jakarta Mail 2.1): no byte outside printable US-ASCII, tab, CR and LF
 * and no line over 998 bytes is {@code 7bit}; all ASCII with a longer line, or more ASCII bytes than others, is
 * {@code quoted-printable}; the rest {@code base64}. {@code TextTransferEncodingTest} holds it to Jakarta Mail's answer.
 */
final class TextTransferEncoding {
  private static final int MAX_LINE = 998;

  private TextTransferEncoding() {}

  static String of(String text) {
    int ascii = 0;
    int nonAscii = 0;
    int lineLength = 0;
    boolean longLine = false;
    for (byte value : text.getBytes(StandardCharsets.UTF_8)) {
      int b = value & 0xFF;
      if (b == '\r' || b == '\n') {
        lineLength = 0;
      } else if (++lineLength > MAX_LINE) {
        longLine = true;
      }
      if (b >= 0x7F || (b < 0x20 && b != '\r' && b != '\n' && b != '\t')) {
        nonAscii++;
      } else {
        ascii++;
      }
    }
    if (nonAscii == 0) {
      return longLine ? "quoted-printable" : "7bit";
    }
    return ascii > nonAscii ? "quoted-printable" : "base64";
  }
}
