package dev.switchboard.parser.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.util.ByteSequence;

/** Header field values as people read them: raw bytes sniffed, unfolded, RFC 2047 words decoded. */
public final class Headers {
  private static final Pattern FOLD = Pattern.compile("\\r?\\n(?=[ \\t])");
  private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n]+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern ANGLE_ID = Pattern.compile("<([^<>]*)>");

  private Headers() {}

  /**
   * The unfolded value, before RFC 2047 decoding. Read from the raw bytes because mime4j's own body string maps 8-bit
   * bytes through ISO-8859-1, which garbles UTF-8 headers sent unencoded.
   */
  public static String rawValue(Field field) {
    ByteSequence raw = field.getRaw();
    String text;
    if (raw == null) {
      text = field.getBody() == null ? "" : field.getBody();
    } else {
      text = Charsets.sniff(raw.toByteArray());
      int colon = text.indexOf(':');
      text = colon < 0 ? "" : text.substring(colon + 1);
    }
    if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      return clean(text); // not folded, the usual case: no regex pass needed
    }
    return clean(LINE_BREAK.matcher(FOLD.matcher(text).replaceAll("")).replaceAll(" "));
  }

  /**
   * A header value safe to store and show: NUL removed (PostgreSQL rejects it in text), every other control character
   * (CR, LF, tab, ESC, DEL, C1) and the whitespace around it one space, so a subject or display name stays on one line.
   * Applied to raw values and again after RFC 2047 decoding, because an encoded word can carry any byte.
   */
  public static String clean(String value) {
    if (value == null) {
      return null;
    }
    int first = 0;
    while (first < value.length() && !isControl(value.charAt(first))) {
      first++;
    }
    if (first == value.length()) {
      return value.strip();
    }
    // a loop rather than a regex: linear on a megabyte of whitespace too
    StringBuilder out = new StringBuilder(value.length()).append(value, 0, first);
    boolean pendingSpace = false;
    for (int i = first; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\u0000') {
        continue;
      }
      if (isControl(c)) {
        while (!out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1))) {
          out.setLength(out.length() - 1);
        }
        pendingSpace = true;
      } else if (pendingSpace && Character.isWhitespace(c)) {
        continue;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
      }
    }
    return out.toString().strip();
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c >= 0x7F && c <= 0x9F || c == '\u2028' || c == '\u2029';
  }

  /** The unfolded and RFC 2047 decoded value. */
  public static String decodedValue(Field field, WarningCollector warnings) {
    return decodeWords(rawValue(field), warnings);
  }

  public static String decodeWords(String value, WarningCollector warnings) {
    if (!value.contains("=?")) {
      return clean(value);
    }
    try {
      String repaired = EncodedWords.repair(value, warnings);
      return clean(DecoderUtil.decodeEncodedWords(repaired, warnings, Charsets.WINDOWS_1252,
          Charsets.MIME4J_OVERRIDES));
    } catch (RuntimeException e) {
      warnings.add("header-decoding", "error=" + e.getClass().getSimpleName());
      return clean(value);
    }
  }

  /** First message id of a Message-ID / In-Reply-To value, without angle brackets; null when there is none. */
  public static String firstMessageId(String value) {
    List<String> ids = messageIds(value);
    return ids.isEmpty() ? null : ids.get(0);
  }

  /** All message ids in a References-like value, in order, without angle brackets or whitespace. */
  public static List<String> messageIds(String value) {
    List<String> ids = new ArrayList<>();
    if (value == null) {
      return ids;
    }
    Matcher m = ANGLE_ID.matcher(value);
    while (m.find()) {
      String id = WHITESPACE.matcher(m.group(1)).replaceAll("");
      if (!id.isEmpty()) {
        ids.add(id);
      }
    }
    if (ids.isEmpty()) {
      // some MTAs and scripts write bare ids; a bare token with an '@' is still an id
      for (String token : value.strip().split("[\\s,]+")) {
        if (token.contains("@")) {
          ids.add(token);
        }
      }
    }
    return ids;
  }

  /**
   * Content-ID without angle brackets. Unlike a Message-ID it is often written bare and without an '@'
   * ({@code Content-ID: image001}), and HTML refers to it as {@code cid:image001} all the same.
   */
  public static String contentId(String value) {
    String id = firstMessageId(value);
    if (id != null || value == null) {
      return id;
    }
    String bare = value.strip();
    return bare.isEmpty() || bare.contains(" ") ? null : bare;
  }

  /** Return-Path without brackets: "" for the null sender {@code <>}. */
  public static String returnPath(String value) {
    String v = value.strip();
    int open = v.indexOf('<');
    int close = v.indexOf('>', open + 1);
    if (open >= 0 && close > open) {
      return v.substring(open + 1, close).strip();
    }
    return v;
  }
}
