package dev.switchboard.parser.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mozilla.universalchardet.UniversalDetector;

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
      // Outlook and Japanese mobile carriers send NEC/IBM extensions (circled digits, 髙) inside ISO-2022-JP
      Map.entry("iso-2022-jp", "x-windows-50221"),
      Map.entry("csiso2022jp", "x-windows-50221"),
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
      Charset.forName("Shift_JIS"), Charset.forName("windows-31j"),
      Charset.forName("ISO-2022-JP"), Charset.forName("x-windows-50221"));
  /** Labels that cannot describe valid multi-byte UTF-8 text; such text under them is UTF-8 mislabelled. */
  private static final Set<String> NOT_UTF8_COMPATIBLE = Set.of("UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32",
      "UTF-32BE", "UTF-32LE");

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
   * Decodes body bytes declared as {@code label}. Validity first: 8-bit bytes that are valid UTF-8 are UTF-8 whatever
   * the label says (UTF-8 labelled Big5, gb2312 or iso-8859-1 is common; the reverse almost never forms valid UTF-8).
   * Otherwise the label is used; undeclared, unknown or "us-ascii" over 8-bit bytes are detected (juniversalchardet),
   * falling back to windows-1252, which never fails.
   */
  public static String decode(byte[] bytes, String label, WarningCollector warnings) {
    Charset declared = forLabel(label);
    if (declared == null && label != null && !label.isBlank()) {
      warnings.add("unknown-charset", "charset=" + label.strip());
    }
    if (isAscii(bytes)) {
      // ISO-2022-JP, UTF-7 and UTF-16 text can be all 7-bit bytes: the label decides
      return new String(bytes, declared == null ? WINDOWS_1252 : declared);
    }
    boolean utf8 = declared == null || declared.equals(StandardCharsets.UTF_8) ? isUtf8(bytes) : isConfidentlyUtf8(bytes);
    if (utf8 && (declared == null || !NOT_UTF8_COMPATIBLE.contains(declared.name()))) {
      if (declared != null && !declared.equals(StandardCharsets.UTF_8) && !isAsciiLabel(label)) {
        warnings.add("charset-mismatch", "declared=" + label.strip() + " used=UTF-8");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
    if (declared == null || isAsciiLabel(label)) {
      // "us-ascii" (often a client default) over 8-bit bytes is a lie; the bytes say what they are
      return new String(bytes, detect(bytes));
    }
    return new String(bytes, declared);
  }

  /** Header bytes sent unencoded (RFC 6532 UTF-8, or legacy 8-bit from old clients). */
  public static String sniff(byte[] bytes) {
    if (isAscii(bytes) || isUtf8(bytes)) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
    return new String(bytes, detect(bytes));
  }

  /** The detector's guess for 8-bit bytes that are not UTF-8; windows-1252 when it has none. */
  static Charset detect(byte[] bytes) {
    UniversalDetector detector = new UniversalDetector();
    detector.handleData(bytes, 0, Math.min(bytes.length, 64 * 1024));
    detector.dataEnd();
    Charset guess = forLabel(detector.getDetectedCharset());
    return guess == null || guess.equals(StandardCharsets.UTF_8) ? WINDOWS_1252 : guess;
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

  /**
   * Valid UTF-8 with at least four 8-bit bytes: a word or two of legacy CJK text can form valid UTF-8 by chance
   * (a GBK character with a lead byte in C2-DF and a trail in 80-BF), a longer run practically never.
   */
  static boolean isConfidentlyUtf8(byte[] bytes) {
    int high = 0;
    for (byte b : bytes) {
      if (b < 0 && ++high >= 4) {
        break;
      }
    }
    return high >= 4 && isUtf8(bytes);
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
