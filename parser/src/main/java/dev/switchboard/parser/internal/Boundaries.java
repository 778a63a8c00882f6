package dev.switchboard.parser.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the boundary a multipart body really uses when its Content-Type names none or the wrong one. */
final class Boundaries {
  /** RFC 2046: 1 to 70 characters; no whitespace, so "-- " and "-----Original Message-----" do not qualify. */
  private static final Pattern DELIMITER = Pattern.compile("(?m)^--([^\\s]{1,70}?)(--)?[ \\t]*\\r?$");

  private Boundaries() {}

  /** The first {@code --token} line whose token occurs at least twice (a part delimiter and a second one or the end). */
  static String sniff(byte[] content) {
    // ISO-8859-1 maps every byte to one char, so 8-bit content cannot break the match
    Matcher m = DELIMITER.matcher(new String(content, StandardCharsets.ISO_8859_1));
    Map<String, Integer> seen = new HashMap<>();
    while (m.find()) {
      String token = m.group(1);
      if (token.chars().allMatch(c -> c == '-')) {
        // a horizontal rule drawn with dashes
        continue;
      }
      int count = seen.merge(token, 1, Integer::sum);
      if (count >= 2) {
        return token;
      }
    }
    return null;
  }
}
