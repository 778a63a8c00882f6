package dev.switchboard.parser.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The value and parameters of Content-Type / Content-Disposition, including RFC 2231 continuations and charsets
 * ({@code filename*0*=utf-8''%E2...}). Parsed here rather than by mime4j so that 8-bit names and the non-standard
 * RFC 2047 words inside quoted names that Outlook and Gmail send come out readable.
 */
public record MimeParams(String value, Map<String, String> parameters) {
  public MimeParams {
    value = value == null ? "" : value.toLowerCase(Locale.ROOT);
    parameters = Map.copyOf(parameters);
  }

  public String get(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  public static MimeParams parse(String header, WarningCollector warnings) {
    if (header == null) {
      return new MimeParams("", Map.of());
    }
    int semi = header.indexOf(';');
    String value = (semi < 0 ? header : header.substring(0, semi)).strip();
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, String[]>> continued = new LinkedHashMap<>();
    int i = semi < 0 ? header.length() : semi + 1;
    while (i < header.length()) {
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name = header.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      int start = eq + 1;
      while (start < header.length() && header.charAt(start) == ' ') {
        start++;
      }
      String val;
      int next;
      if (start < header.length() && header.charAt(start) == '"') {
        StringBuilder sb = new StringBuilder();
        int j = start + 1;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            j++;
            c = header.charAt(j);
          }
          sb.append(c);
          j++;
        }
        val = sb.toString();
        int after = header.indexOf(';', j);
        next = after < 0 ? header.length() : after + 1;
      } else {
        int end = header.indexOf(';', start);
        next = end < 0 ? header.length() : end + 1;
        val = header.substring(start, end < 0 ? header.length() : end).strip();
      }
      i = next;
      addParameter(name, val, plain, continued);
    }
    Map<String, String> result = new LinkedHashMap<>();
    plain.forEach((k, v) -> result.put(k, Headers.decodeWords(v, warnings)));
    continued.forEach((k, parts) -> result.put(k, join(parts, warnings)));
    return new MimeParams(value, result);
  }

  private static void addParameter(String name, String val, Map<String, String> plain,
      Map<String, TreeMap<Integer, String[]>> continued) {
    int star = name.indexOf('*');
    if (star < 0) {
      plain.putIfAbsent(name, val);
      return;
    }
    String base = name.substring(0, star);
    String rest = name.substring(star + 1);
    boolean encoded = rest.endsWith("*") || rest.isEmpty();
    String digits = rest.replace("*", "");
    int index;
    try {
      index = digits.isEmpty() ? 0 : Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      return;
    }
    // a hostile header can number continuations arbitrarily; real ones stay small
    if (index > 1000) {
      return;
    }
    continued.computeIfAbsent(base, k -> new TreeMap<>()).put(index, new String[] {val, encoded ? "1" : ""});
  }

  private static String join(TreeMap<Integer, String[]> parts, WarningCollector warnings) {
    Charset charset = null;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean first = true;
    for (String[] part : parts.values()) {
      String v = part[0];
      boolean encoded = !part[1].isEmpty();
      if (first && encoded) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 > 0) {
          charset = Charsets.forLabel(v.substring(0, q1));
          if (charset == null && q1 > 0) {
            warnings.add("unknown-charset", "charset=" + v.substring(0, q1));
          }
          v = v.substring(q2 + 1);
        }
      }
      first = false;
      if (encoded) {
        percentDecode(v, bytes);
      } else {
        bytes.writeBytes(v.getBytes(Charsets.WINDOWS_1252));
      }
    }
    byte[] raw = bytes.toByteArray();
    return charset == null ? Charsets.sniff(raw) : new String(raw, charset);
  }

  private static void percentDecode(String v, ByteArrayOutputStream out) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%' && i + 2 < v.length() && isHex(v.charAt(i + 1)) && isHex(v.charAt(i + 2))) {
        out.write(Integer.parseInt(v.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }
}
