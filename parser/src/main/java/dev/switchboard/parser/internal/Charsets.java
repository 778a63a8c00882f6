package dev.switchboard.parser.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Charset labels as mail clients really use them, mapped to the decoders that read what they really send. */
public final class Charsets {
  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /**
   * Labels whose senders routinely emit a superset: Outlook labels cp1252 text (curly quotes, euro sign) as
   * iso-8859-1, Chinese clients label GBK/GB18030 text as gb2312, Korean ones label cp949 as euc-kr. Decoding with the
   * superset is identical for the valid subset and right for the rest (WHATWG Encoding Standard does the same).
   */
  private static final Map<String, String> SUPERSETS = Map.ofEntries(
      Map.entry("iso-8859-1", "windows-1252"),
      Map.entry("iso8859-1", "windows-1252"),
      Map.entry("latin1", "windows-1252"),
      Map.entry("latin-1", "windows-1252"),
      Map.entry("l1", "windows-1252"),
      Map.entry("iso_8859-1", "windows-1252"),
      Map.entry("us-ascii", "windows-1252"),
      Map.entry("ascii", "windows-1252"),
      Map.entry("ansi_x3.4-1968", "windows-1252"),
      Map.entry("iso-8859-9", "windows-1254"),
      Map.entry("iso-8859-11", "x-windows-874"),
      Map.entry("tis-620", "x-windows-874"),
      Map.entry("gb2312", "GB18030"),
      Map.entry("gbk", "GB18030"),
      Map.entry("x-gbk", "GB18030"),
      Map.entry("cp936", "GB18030"),
      Map.entry("euc-cn", "GB18030"),
      Map.entry("ks_c_5601-1987", "x-windows-949"),
      Map.entry("euc-kr", "x-windows-949"),
      Map.entry("shift_jis", "windows-31j"),
      Map.entry("sjis", "windows-31j"),
      Map.entry("x-sjis", "windows-31j"),
      Map.entry("big5", "Big5-HKSCS"),
      Map.entry("iso-8859-8-i", "ISO-8859-8"),
      Map.entry("utf8", "UTF-8"),
      Map.entry("unicode-1-1-utf-8", "UTF-8"));

  /** Java's decoders for the mapped charsets, resolved once; all are in the JDK's standard set. */
  static final Map<Charset, Charset> MIME4J_OVERRIDES = Map.of(
      StandardCharsets.ISO_8859_1, WINDOWS_1252,
      StandardCharsets.US_ASCII, WINDOWS_1252,
      Charset.forName("GB2312"), Charset.forName("GB18030"),
      Charset.forName("GBK"), Charset.forName("GB18030"),
      Charset.forName("EUC-KR"), Charset.forName("x-windows-949"),
      Charset.forName("Shift_JIS"), Charset.forName("windows-31j"));

  private Charsets() {}

  /** The decoder for a declared label, or null when the JVM knows no such charset. */
  public static Charset forLabel(String label) {
    if (label == null) {
      return null;
    }
    String key = label.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
    if (key.isEmpty()) {
      return null;
    }
    String mapped = SUPERSETS.getOrDefault(key, key);
    try {
      return Charset.forName(mapped);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Decodes body bytes declared as {@code label}. Undeclared or unknown charsets fall back to UTF-8 when the bytes are
   * valid UTF-8 (most modern mail) and to windows-1252 otherwise (never fails, every byte maps); unknown labels warn.
   */
  public static String decode(byte[] bytes, String label, WarningCollector warnings) {
    Charset declared = forLabel(label);
    if (declared == null && label != null && !label.isBlank()) {
      warnings.add("unknown-charset", "charset=" + label.strip());
    }
    boolean asciiLabelOver8Bit = isAsciiLabel(label) && !isAscii(bytes);
    if (declared == null || asciiLabelOver8Bit) {
      // "us-ascii" (often a client default) over 8-bit bytes is a lie; the bytes say what they are
      return sniff(bytes);
    }
    return new String(bytes, declared);
  }

  /** Header bytes sent unencoded (RFC 6532 UTF-8, or legacy 8-bit from old clients). */
  public static String sniff(byte[] bytes) {
    if (isAscii(bytes) || isUtf8(bytes)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return new String(bytes, WINDOWS_1252);
  }

  private static boolean isAsciiLabel(String label) {
    String key = label == null ? "" : label.strip().toLowerCase(Locale.ROOT);
    return key.isEmpty() || key.equals("us-ascii") || key.equals("ascii");
  }

  static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
