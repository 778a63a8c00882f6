package dev.switchboard.parser;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a plain-text body into the new reply and the quoted history below it. Pure and bounded: linear in the input,
 * no backtracking-prone patterns over whole bodies. When unsure, the text is kept.
 */
public final class ReplyExtractor {
  private static final Pattern QUOTE_HEADER = Pattern.compile("^On .{1,300} wrote:\\s*$");

  private ReplyExtractor() {}

  /** The new text of a reply: quoted history and its header removed, trailing whitespace trimmed. */
  public static String extract(String text) {
    if (text == null || text.isEmpty()) {
      return "";
    }
    List<String> lines = text.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
    int cut = lines.size();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (QUOTE_HEADER.matcher(line).matches()) {
        cut = i;
        break;
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < cut; i++) {
      if (!lines.get(i).startsWith(">")) {
        out.append(lines.get(i)).append('\n');
      }
    }
    String reply = out.toString().strip();
    return reply.isEmpty() ? text.strip() : reply;
  }
}
