package dev.switchboard.parser.internal;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repairs RFC 2047 encoded words as broken senders write them, before mime4j decodes them: a word folded in its middle
 * (whitespace inside the encoded text), a word whose closing {@code ?=} is missing, and a charset label Java does not
 * know (relabelled UTF-8 when the bytes are valid UTF-8, otherwise windows-1252).
 */
final class EncodedWords {
  /** A complete word; the encoded text may contain whitespace when a client folded the line inside the word. */
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]{1,64})\\?([bBqQ])\\?([^?]*?)\\?=");
  /** A word that runs to the end of the value or to whitespace without its closing ?=. */
  private static final Pattern UNTERMINATED = Pattern.compile("=\\?([^?\\s]{1,64})\\?([bBqQ])\\?([^?\\s]*)(?=\\s|$)");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private EncodedWords() {}

  static String repair(String value, WarningCollector warnings) {
    StringBuilder out = new StringBuilder(value.length());
    int at = 0;
    boolean unterminated = false;
    while (at < value.length()) {
      int start = value.indexOf("=?", at);
      if (start < 0) {
        break;
      }
      out.append(value, at, start);
      Matcher complete = WORD.matcher(value).region(start, value.length());
      Matcher open = UNTERMINATED.matcher(value).region(start, value.length());
      boolean isComplete = complete.lookingAt() && !complete.group(3).contains("=?");
      if (isComplete && !WHITESPACE.matcher(complete.group(3)).find()) {
        out.append(relabel(complete.group(1), complete.group(2), complete.group(3), warnings));
        at = complete.end();
      } else if (open.lookingAt()) {
        // either the closing ?= is missing, or the word was folded: then the rest follows after whitespace
        if (isComplete) {
          warnings.add("broken-encoded-word", "folded inside the word");
          out.append(relabel(complete.group(1), complete.group(2),
              WHITESPACE.matcher(complete.group(3)).replaceAll(""), warnings));
          at = complete.end();
        } else {
          unterminated = true;
          out.append(relabel(open.group(1), open.group(2), open.group(3), warnings));
          at = open.end();
        }
      } else {
        out.append("=?");
        at = start + 2;
      }
    }
    out.append(value, Math.min(at, value.length()), value.length());
    if (unterminated) {
      warnings.add("broken-encoded-word", "missing ?=");
    }
    return out.toString();
  }

  private static String relabel(String charset, String encoding, String text, WarningCollector warnings) {
    String label = charset;
    int language = label.indexOf('*');
    if (language > 0) {
      // RFC 2231 language suffix, e.g. utf-8*de
      label = label.substring(0, language);
    }
    java.nio.charset.Charset known = Charsets.forLabel(label);
    if (known == null) {
      warnings.add("unknown-charset", "charset=" + charset);
      byte[] bytes = decodeBytes(encoding, text);
      label = Charsets.isAscii(bytes) || Charsets.isUtf8(bytes) ? "utf-8" : "windows-1252";
    } else if (!known.equals(java.nio.charset.StandardCharsets.UTF_8) && !known.name().startsWith("UTF-")) {
      // validity first: UTF-8 bytes under a legacy label (big5, gb2312, iso-8859-1) are UTF-8
      byte[] bytes = decodeBytes(encoding, text);
      if (Charsets.isConfidentlyUtf8(bytes)) {
        warnings.add("charset-mismatch", "declared=" + charset + " used=UTF-8");
        label = "utf-8";
      }
    }
    return "=?" + label + "?" + encoding + "?" + text + "?=";
  }

  private static byte[] decodeBytes(String encoding, String text) {
    if (encoding.equalsIgnoreCase("b")) {
      String clean = text.replaceAll("[^A-Za-z0-9+/]", "");
      if (clean.length() % 4 == 1) {
        // a lone trailing sextet carries no whole byte
        clean = clean.substring(0, clean.length() - 1);
      }
      return Base64.getDecoder().decode(clean + "==".substring(0, (4 - clean.length() % 4) % 4));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.write(c == '_' ? ' ' : c & 0xFF);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
