package dev.switchboard.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Splits a plain-text body into the new reply and what was removed: quoted history ("On ... wrote:", "Am ... schrieb",
 * "Le ... a écrit", Outlook header blocks, "-----Original Message-----", {@code >} quotes) and signatures ("-- ",
 * "Sent from my iPhone" and its translations). Pure and linear: every pattern runs on one bounded line.
 *
 * <p>When unsure, the text is kept: a quote-only message is returned whole, text written below a quote
 * (bottom-posting, inline answers) stays visible, and a delimiter line followed by a long text is not a signature.
 */
public final class ReplyExtractor {
  /** The visible reply and the removed part, both stripped; {@code removed} is empty when nothing was cut. */
  public record Split(String reply, String removed) {
    public Split {
      Objects.requireNonNull(reply, "reply");
      Objects.requireNonNull(removed, "removed");
    }
  }

  /** Longer lines are prose or base64, never a quote header; skipping them keeps matching linear. */
  private static final int MAX_MATCH_LINE = 400;
  /** A delimiter followed by more text than this starts a section, not a signature. */
  private static final int MAX_SIGNATURE_LINES = 8;
  /** Text below a quote counts as an answer (bottom-post) from this many non-blank lines on. */
  private static final int MIN_ANSWER_LINES = 2;

  private static final char EMPTY = 'e';
  private static final char DELIMITER = 'd';
  private static final char SIG_SEPARATOR = 'S';
  private static final char SIGNATURE = 's';
  private static final char MARKER = 'b';
  private static final char HEADER = 'h';
  private static final char QUOTE = 'q';
  private static final char TEXT = 't';

  private static final String WROTE =
      "(wrote|writes|said|says|schrieb|geschrieben|schreef|het volgende geschreven|a [ée]crit|nous a dit|escribi[óo]"
          + "|escreveu|ha scritto|skrev|napisa[łl](\\(a\\))?|написал|пише|写道)";
  private static final Pattern QUOTE_HEADER = Pattern.compile(
      "(?iU)^[\\s<>*-]*(On|At|Am|Le|El|Em|Il|Op|Den|Dnia|In message|\\S{0,6}\\s?\\d).{0,300}?\\b" + WROTE
          + "(\\s+\\S+){0,12}?\\s*[:.>-]*\\s*$");
  private static final Pattern SOMEONE_WROTE = Pattern.compile(
      "(?iU)^.{0,200}(<[^<>\\s]+@[^<>\\s]+>|\\([^()\\s]+@[^()\\s]+\\)|\\bvia\\b.{0,100}).{0,60}\\b" + WROTE
          + "\\b.{0,120}:\\s*$|^.{1,120}\\b(wrote|schrieb) (on|am) .{1,120}:\\s*$");
  private static final Pattern YEAR_SOMEONE_WROTE = Pattern.compile(
      "(?iU)^[\\s>]*(.{0,100}\\b\\d{4}\\b.{0,200}\\b" + WROTE + "\\s*:|20\\d\\d-\\d\\d-\\d\\d \\d\\d?:\\d\\d GMT[+-]\\d\\d:\\d\\d [\\w\\s.\\-]{1,80})\\s*$");
  private static final Pattern WRAPPED_HEADER_START = Pattern.compile(
      "(?iU)^[\\s>]*(On|At|Am|Le|El|Em|Il|Op|Den|Dnia|\\d|.{0,80}(<|@|\\d{4}))");
  private static final Pattern DATE_EMAIL_HEADER = Pattern.compile(
      "(?U)^[\\s>]*(\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}|\\S{1,4},? \\d{1,2} \\S{1,6}\\.? \\d{4}).{0,100}<[^<>@\\s]+@[^<>\\s]+>:?\\s*$");
  private static final Pattern FORWARD_MARKER = Pattern.compile(
      "(?iU)^[\\s>*]*(-{2,}\\s*(Original Message|Forwarded Message|Reply Message|Ursprüngliche Nachricht|"
          + "Weitergeleitete Nachricht|Message d'origine|Message transféré|Mensaje original|Mensaje reenviado|"
          + "Messaggio originale|Messaggio inoltrato|Oorspronkelijk bericht|Doorgestuurd bericht|"
          + "Mensagem original|Mensagem encaminhada|原始邮件)\\s*-{2,}.*|Begin forwarded message:?|"
          + "Début du message (transféré|réexpédié)\\s?:?|Anfang der weitergeleiteten Nachricht:?)\\s*\\**\\s*$");
  private static final Pattern EMAIL_HEADER = Pattern.compile(
      "(?iU)^[\\s*>]*(From|Sent|Date|To|Cc|Subject|Reply-To|Von|Gesendet|Datum|An|Betreff|Kopie|De|Envoyé|"
          + "Expéditeur|À|A|Objet|Destinataire|Répondre à|Para|Enviado|Fecha|Asunto|Da|Inviato|Data|Oggetto|"
          + "Van|Verzonden|Aan|Onderwerp|Enviada em|Assunto|Fra|Sendt|Til|Emne|Från|Skickat|Till|Ämne|"
          + "发件人|发送时间|收件人|主题)\\s*\\**\\s*:\\s*\\**\\s*\\S.*$");
  private static final Pattern DELIMITER_LINE = Pattern.compile("^\\s*[-_=+~#*ᐧ—]{2,}\\s*$|^\\s*ᐧ\\s*$");
  private static final Pattern SIG_SEPARATOR_LINE = Pattern.compile("^-- ?$");
  private static final Pattern DASH_NAME = Pattern.compile("^-[\\p{L}][\\p{L} .]{0,38}$");
  private static final Pattern MOBILE_SIGNATURE = Pattern.compile(
      "(?iU)^[\\s(<]*(Sent (from|via|with|by|using) (?!my\\b).{1,80}|Sent from my (iPhone|iPad|iPod|Android|"
          + "BlackBerry|mobile|phone|cell|smartphone|tablet|Samsung|Galaxy|HTC|Huawei|Pixel|Nokia|LG|Sony|Motorola|"
          + "Windows|Xiaomi|OnePlus|device|Verizon|T-Mobile|Sprint)\\b.*|Sent from my \\S+( [^\\s,;]+){0,3}|"
          + "\\S+ from mobile|From my \\S.{0,20}|Get (\\[)?Outlook for .*|Envoyé (depuis|de) (mon|ma|Yahoo).*|"
          + "Von meinem .{1,60} gesendet\\.?|Diese Nachricht wurde von .{1,80} gesendet\\.?|Gesendet von .{1,40}|"
          + "Inviato da .{1,60}|Sendt fra min .{1,60}|Enviado (do|desde|de) (meu|mi|mon) .{1,60}|"
          + "Verzonden met .{1,60}|Verstuurd vanaf mijn .{1,60}|Skickat från min .{1,60}|från min .{1,60}|"
          + "從我的 iPhone 傳送|发自我的.{1,20})[)>]*\\s*$");
  /** {@code >} quoting, plus the Usenet initials style ({@code C> text}). */
  private static final Pattern QUOTE_LINE = Pattern.compile("^\\s*(\\p{Lu}{1,3})?>");
  private static final Pattern CODE_FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]]{1,200})\\]\\([^)]{1,500}\\)");

  private ReplyExtractor() {}

  /** The new text of a reply, stripped; the whole (stripped) text when nothing but quotes would be left. */
  public static String extract(String text) {
    return split(text).reply();
  }

  public static Split split(String text) {
    if (text == null || text.isBlank()) {
      return new Split("", "");
    }
    List<String> lines = new ArrayList<>(List.of(text.replace("\r\n", "\n").replace('\r', '\n').strip().split("\n", -1)));
    StringBuilder pattern = new StringBuilder(lines.size());
    boolean inCode = false;
    for (String line : lines) {
      boolean fence = CODE_FENCE.matcher(line).lookingAt();
      // inside a fenced code block "####" or "----" is code, not a delimiter
      pattern.append(inCode || fence ? (line.isBlank() ? EMPTY : TEXT) : classify(line));
      inCode ^= fence;
    }
    joinWrappedQuoteHeaders(lines, pattern);

    int cut = firstCut(lines, pattern);
    List<String> kept = new ArrayList<>(lines.subList(0, cut));
    StringBuilder keptPattern = new StringBuilder(pattern.substring(0, cut));
    List<String> removed = new ArrayList<>(lines.subList(cut, lines.size()));

    dropInlineQuotes(kept, keptPattern);
    dropTrailing(kept, keptPattern, removed);
    // trailing blanks on a line carry nothing a reader sees
    String reply = String.join("\n", kept.stream().map(String::stripTrailing).toList()).strip();
    if (reply.isEmpty()) {
      return new Split(text.strip(), "");
    }
    return new Split(reply, String.join("\n", removed).strip());
  }

  private static char classify(String line) {
    if (line.isBlank()) {
      return EMPTY;
    }
    if (SIG_SEPARATOR_LINE.matcher(line).matches()) {
      return SIG_SEPARATOR;
    }
    if (line.length() > MAX_MATCH_LINE) {
      return line.startsWith(">") ? QUOTE : TEXT;
    }
    if (DELIMITER_LINE.matcher(line).matches()) {
      return DELIMITER;
    }
    String unlinked = MARKDOWN_LINK.matcher(line).replaceAll("$1");
    if (MOBILE_SIGNATURE.matcher(unlinked).matches()) {
      return SIGNATURE;
    }
    if (FORWARD_MARKER.matcher(line).matches() || QUOTE_HEADER.matcher(line).matches()
        || SOMEONE_WROTE.matcher(line).matches() || YEAR_SOMEONE_WROTE.matcher(line).matches()
        || DATE_EMAIL_HEADER.matcher(line).matches()) {
      return MARKER;
    }
    if (EMAIL_HEADER.matcher(line).matches()) {
      return HEADER;
    }
    if (QUOTE_LINE.matcher(line).lookingAt()) {
      return QUOTE;
    }
    return TEXT;
  }

  /** Gmail and Apple Mail wrap long "On <date>, <name> <address> wrote:" lines; the pieces join to one marker. */
  private static void joinWrappedQuoteHeaders(List<String> lines, StringBuilder pattern) {
    for (int i = 0; i < lines.size(); i++) {
      if (pattern.charAt(i) != TEXT || !WRAPPED_HEADER_START.matcher(lines.get(i)).lookingAt()) {
        continue;
      }
      StringBuilder joined = new StringBuilder(lines.get(i).strip());
      for (int j = i + 1; j < Math.min(lines.size(), i + 6); j++) {
        if (pattern.charAt(j) == EMPTY) {
          continue;
        }
        if (joined.length() > MAX_MATCH_LINE || pattern.charAt(j) == MARKER) {
          break;
        }
        if (joined.charAt(joined.length() - 1) != '<') {
          joined.append(' ');
        }
        joined.append(lines.get(j).replaceFirst("^[\\s>]+", "").strip());
        String candidate = joined.toString();
        // a wrapped marker always ends in a colon; without one, "On this day\n\nI wrote ..." would be a marker
        if (candidate.endsWith(":") && (QUOTE_HEADER.matcher(candidate).matches() || SOMEONE_WROTE.matcher(candidate).matches()
            || YEAR_SOMEONE_WROTE.matcher(candidate).matches())) {
          for (int k = i; k <= j; k++) {
            pattern.setCharAt(k, MARKER);
          }
          break;
        }
      }
    }
  }

  /**
   * Where the history starts: the first quote marker, Outlook header block, or signature delimiter that follows some
   * text. Returns the line count when nothing is cut.
   */
  private static int firstCut(List<String> lines, StringBuilder pattern) {
    int n = pattern.length();
    boolean seenText = false;
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      if (c == TEXT && seenText && i > 0 && pattern.charAt(i - 1) == EMPTY
          && DASH_NAME.matcher(lines.get(i).strip()).matches()
          && textLinesAfter(pattern, i) <= MAX_SIGNATURE_LINES) {
        // "-Name" closing a mail, as GitHub's parser reads it
        return i;
      }
      if (c == TEXT || c == SIGNATURE && seenText) {
        seenText = true;
        continue;
      }
      if (!seenText) {
        continue;
      }
      if (c == SIG_SEPARATOR) {
        return i;
      }
      if (c == DELIMITER && textLinesAfter(pattern, i) <= MAX_SIGNATURE_LINES) {
        return i;
      }
      if (c == DELIMITER && startsHeaderBlock(pattern, i + 1)) {
        return i;
      }
      if (c == MARKER && !isBottomPost(pattern, i)) {
        return i;
      }
      if (c == HEADER && startsHeaderBlock(pattern, i)) {
        return i;
      }
    }
    return n;
  }

  private static int textLinesAfter(StringBuilder pattern, int from) {
    int count = 0;
    for (int i = from + 1; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == MARKER || c == QUOTE) {
        return 0;
      }
      if (c == TEXT || c == HEADER) {
        count++;
      }
    }
    return count;
  }

  /** Outlook blocks: From, Sent/Date, To, Subject (localised), possibly wrapped; three header lines within eight. */
  private static boolean startsHeaderBlock(StringBuilder pattern, int from) {
    int i = from;
    while (i < pattern.length() && pattern.charAt(i) == EMPTY) {
      i++;
    }
    int headers = 0;
    for (int j = i; j < Math.min(pattern.length(), i + 8); j++) {
      if (pattern.charAt(j) == HEADER) {
        headers++;
      }
    }
    return headers >= 3;
  }

  /** A marker followed by a quote and then real text is a bottom-post or inline answer, which stays visible. */
  private static boolean isBottomPost(StringBuilder pattern, int marker) {
    int i = marker + 1;
    while (i < pattern.length() && (pattern.charAt(i) == EMPTY || pattern.charAt(i) == MARKER)) {
      i++;
    }
    if (i >= pattern.length() || pattern.charAt(i) != QUOTE) {
      return false;
    }
    int text = 0;
    for (int j = i; j < pattern.length(); j++) {
      char c = pattern.charAt(j);
      if (c == TEXT) {
        text++;
      } else if (c == SIG_SEPARATOR || c == DELIMITER || c == MARKER || c == HEADER) {
        break;
      }
    }
    return text >= MIN_ANSWER_LINES;
  }

  /**
   * Above a bottom-post or inline answer: a quote introduced by "On ... wrote:" is history and goes with its marker,
   * and so does a forwarded header block; a quote without a marker is a citation the writer chose, and stays.
   */
  private static void dropInlineQuotes(List<String> kept, StringBuilder pattern) {
    if (pattern.indexOf(String.valueOf(TEXT)) < 0) {
      return;
    }
    boolean inHistory = false;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == MARKER || c == HEADER && startsHeaderBlock(pattern, i)) {
        inHistory = true;
      } else if (c == TEXT) {
        inHistory = false;
        continue;
      }
      if (inHistory || c == MARKER) {
        pattern.setCharAt(i, 'x');
      }
    }
    for (int i = pattern.length() - 1; i >= 0; i--) {
      if (pattern.charAt(i) == 'x') {
        kept.remove(i);
        pattern.deleteCharAt(i);
      }
    }
  }

  /** Trailing mobile signatures, delimiters and blank lines after the last text line. */
  private static void dropTrailing(List<String> kept, StringBuilder pattern, List<String> removed) {
    int end = pattern.length();
    while (end > 0) {
      char c = pattern.charAt(end - 1);
      if (c == EMPTY || c == SIGNATURE || c == DELIMITER || c == SIG_SEPARATOR || c == HEADER || c == QUOTE) {
        end--;
      } else {
        break;
      }
    }
    if (end == 0 || end == pattern.length()) {
      return;
    }
    removed.addAll(0, kept.subList(end, kept.size()));
    kept.subList(end, kept.size()).clear();
    pattern.setLength(end);
  }
}
