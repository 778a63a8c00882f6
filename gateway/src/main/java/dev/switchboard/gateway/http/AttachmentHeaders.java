package dev.switchboard.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The headers of an attachment download, decided from what the mail declared. The declared type is the sender's
 * word: only types a browser will not run as a page are passed on, everything else is a plain download.
 */
final class AttachmentHeaders {
  static final String FALLBACK_TYPE = "application/octet-stream";
  /** No scripts, no styles, no frames, no plugins, even if a browser renders the bytes anyway. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

  private static final Set<String> SAFE_TYPES = Set.of(
      "text/plain", "text/csv",
      "image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/tiff",
      "application/pdf", "application/zip", "application/rtf",
      "audio/wav", "audio/x-wav", "audio/mpeg", "audio/ogg", "audio/gsm",
      "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.ms-outlook",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.presentationml.presentation",
      "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
      "application/vnd.oasis.opendocument.presentation");
  private static final Pattern CHARSET = Pattern.compile("(?i).*;\\s*charset=\"?([A-Za-z0-9._-]{1,40})\"?\\s*(;.*)?");
  private static final int MAX_NAME = 200;

  private AttachmentHeaders() {}

  /**
   * The Content-Type to send: the declared type when it is on the allow-list (text keeps a well-formed charset),
   * otherwise {@code application/octet-stream}.
   */
  static String contentType(String declared) {
    if (declared == null) {
      return FALLBACK_TYPE;
    }
    int semicolon = declared.indexOf(';');
    String type = (semicolon < 0 ? declared : declared.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    if (!SAFE_TYPES.contains(type)) {
      return FALLBACK_TYPE;
    }
    if (type.startsWith("text/")) {
      var m = CHARSET.matcher(declared);
      return type + "; charset=" + (m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : "utf-8");
    }
    return type;
  }

  /**
   * {@code attachment} with an ASCII {@code filename} for old clients and the real name as RFC 6266 / RFC 8187
   * {@code filename*} (UTF-8, percent-encoded). Path separators and control characters never reach the client.
   */
  static String contentDisposition(String filename) {
    String name = clean(filename);
    return "attachment; filename=\"" + asciiFallback(name) + "\"; filename*=UTF-8''" + percentEncode(name);
  }

  private static String clean(String filename) {
    StringBuilder out = new StringBuilder();
    String s = filename == null ? "" : filename;
    s.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == '/' || c == '\\' || Character.getType(c) == Character.FORMAT) {
        out.append('_');
      } else {
        out.appendCodePoint(c);
      }
    });
    String name = out.toString().strip();
    if (name.isEmpty() || name.chars().allMatch(c -> c == '.')) {
      return "attachment";
    }
    return name.codePointCount(0, name.length()) > MAX_NAME
        ? name.substring(0, name.offsetByCodePoints(0, MAX_NAME)) : name;
  }

  private static String asciiFallback(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '%' ? (char) c : '_'));
    return out.toString();
  }

  // RFC 8187 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
  private static String percentEncode(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
