package dev.switchboard.parser.internal;

import java.io.ByteArrayOutputStream;

/**
 * Quoted-printable that arrived undeclared: a text part without {@code Content-Transfer-Encoding: quoted-printable}
 * (lost by a forwarding script or a broken gateway) whose bytes are plainly QP. Recognised only when every {@code =}
 * starts a hex escape or a soft line break, there is a soft line break (the mark of an encoder), and the decoded bytes
 * are valid UTF-8 when they are read as UTF-8; so URLs with query strings ({@code ?id=AB12}) and ASCII art stay.
 */
final class QuotedPrintable {
  private static final int MIN_ESCAPES = 2;

  private QuotedPrintable() {}

  static boolean looksEncoded(byte[] bytes) {
    int escapes = 0;
    boolean softBreak = false;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] < 0) {
        // raw 8-bit bytes: not QP, which is 7-bit
        return false;
      }
      if (bytes[i] != '=') {
        continue;
      }
      if (i + 1 < bytes.length && (bytes[i + 1] == '\n' || bytes[i + 1] == '\r')) {
        softBreak = true;
        escapes++;
      } else if (i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        escapes++;
        i += 2;
      } else {
        return false;
      }
    }
    return escapes >= MIN_ESCAPES && softBreak;
  }

  /** The decoded bytes when {@code bytes} are undeclared QP, else null; {@code utf8} when the text will be read so. */
  static byte[] decodeIfEncoded(byte[] bytes, boolean utf8) {
    if (!looksEncoded(bytes)) {
      return null;
    }
    byte[] decoded = decode(bytes);
    return !utf8 || Charsets.isUtf8(decoded) ? decoded : null;
  }

  static byte[] decode(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '=' && i + 1 < bytes.length && (bytes[i + 1] == '\n' || bytes[i + 1] == '\r')) {
        i += bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n' ? 2 : 1;
      } else if (b == '=' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(byte b) {
    return b >= '0' && b <= '9' || b >= 'A' && b <= 'F' || b >= 'a' && b <= 'f';
  }
}
