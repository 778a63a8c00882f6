package dev.switchboard.parser;

import dev.switchboard.parser.internal.Html;
import dev.switchboard.parser.internal.HtmlQuotes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
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
  private static final char MARKER = 'b';
  private static final char HEADER = 'h';
  private static final char QUOTE = 'q';
  private static final char TEXT = 't';

  /** The verb of an attribution line, in the languages clients localise it to; words with a word boundary. */
  private static final String WROTE =
      "(wrote|writes|said|says|schrieb|geschrieben|schreef|het volgende geschreven|a [ée]crit|nous a dit|escribi[óo]"
          + "|escreveu|ha scritto|skrev|napisa[łl](\\(a\\)|a)?|napsal(\\(a\\)|a)?|nap[íi]sal(\\(a\\)|a)?|je napisa[ol]"
          + "|написал(\\(а\\)|а)?|написав(\\(ла\\)|ла)?|написа|пише|kirjoitti|yazd[ıi]|[íi]rta|a scris|έγραψε"
          + "|va escriure|menulis|đã viết|pisze|пишет|rakst[īi]ja|ra[šs][ėe]|kirjutas|כתב|كتب)";
  /** Scripts without spaces: no word boundary before the verb. */
  private static final String WROTE_CJK = "(写道|寫道|のメッセージ|のメール|は書きました|書きました|님이 작성|작성|เขียนว่า)";
  /** How a localised attribution line starts when it starts with a preposition rather than the date or the name. */
  private static final String STARTERS =
      "(On|At|Am|Le|El|Em|Il|Il giorno|Op|Den|D[ée]n|Dnia|W dniu|Dne|Dňa|Dana|Pada|Tanggal|Vào|Ngày|Στις|Во?|У|На"
          + "|No dia|Às|Kl\\.?|Klo|Le jeu\\.?|In message|在|于)";
  private static final String COLON = "[:：]";
  /**
   * Words may follow the verb ("wrote the following:") only when the line ends in a colon; without one the line needs a
   * digit or an address, so "On Monday I wrote to you about the printer." stays a sentence.
   */
  /**
   * A fragment of every {@link #WROTE} and {@link #WROTE_CJK} form, lower-case: a line without any of them cannot be an
   * attribution with a verb, and plain substring tests are far cheaper than the case-insensitive patterns. Keep in step
   * with {@link #WROTE}; a form missing here is only a quote kept (the conservative side), and the fixtures catch it.
   */
  private static final List<String> WROTE_FRAGMENTS = List.of(
      "wrote", "writes", "said", "says", "schrieb", "geschrieben", "schreef", "geschreven", "crit", "nous a dit",
      "escribi", "escreveu", "scritto", "skrev", "napisa", "napsal", "napísal", "napisal", "написа", "пише",
      "kirjoitti", "yazd", "írta", "irta", "scris", "έγραψε", "escriure", "menulis", "viết", "pisze", "rakst", "raš",
      "ras", "kirjutas", "כתב", "كتب", "写道", "寫道", "のメッセージ", "のメール", "書きました", "작성", "เขียนว่า");
  private static final Pattern QUOTE_HEADER = Pattern.compile(
      "(?iU)^[\\s<>*-]*(" + STARTERS + "\\b|\\S{0,6}\\s?\\d).{0,300}?(\\b" + WROTE + "|" + WROTE_CJK + ")"
          + "((\\s+\\S+){0,12}?\\s*" + COLON + "|(?<=.{0,300}[\\d@].{0,300})\\s*[.>-]*)\\s*$");
  /** Attributions whose verb comes first or whose date follows in brackets (Apple Mail Polish, Gmail Romanian). */
  private static final Pattern FIXED_ATTRIBUTION = Pattern.compile(
      "(?iU)^[\\s>]*(Wiadomość napisana przez .{1,200} w dniu .{1,120}|.{1,200}\\ba scris \\(.{1,120}\\)"
          + "|.{1,200}\\bezt írta \\(.{1,120}\\)|.{1,200}\\bkirjoitti .{1,60}"
          // Horde IMP and mutt
          + "|(Quoting|Zitat von|Citando|Citation de|Cytowanie|Cytuję|Citerer|Citaat van) .{0,200}@.{1,200}"
          + "|\\* .{1,200}\\[\\d{4}-\\d\\d-\\d\\d.{0,30}\\])" + COLON + "\\s*$");
  /** "On <date>, <name> sent:" needs its colon and a digit or address: "On Friday I sent:" opens a list. */
  private static final Pattern SENT_HEADER = Pattern.compile(
      "(?iU)^(?=.{0,400}[\\d@])[\\s<>*-]*(" + STARTERS + "\\b|\\S{0,6}\\s?\\d).{0,300}?\\b(sent|a envoyé|sendte|skickade|wys[łl]a[łl]"
          + "(\\(a\\)|a)?|отправил(\\(а\\)|а)?)\\s*" + COLON + "\\s*$");
  private static final Pattern SOMEONE_WROTE = Pattern.compile(
      "(?iU)^.{0,200}(<[^<>\\s]+@[^<>\\s]+>|\\([^()\\s]+@[^()\\s]+\\)|\\bvia\\b.{0,100}).{0,60}(\\b" + WROTE + "\\b|"
          + WROTE_CJK + ").{0,120}" + COLON + "\\s*$|^.{1,120}\\b(wrote|schrieb) (on|am) .{1,120}" + COLON + "\\s*$");
  private static final Pattern YEAR_SOMEONE_WROTE = Pattern.compile(
      "(?iU)^[\\s>]*(.{0,100}\\b\\d{4}.{0,200}(\\b" + WROTE + "|" + WROTE_CJK + ")\\s*" + COLON
          + "|20\\d\\d-\\d\\d-\\d\\d \\d\\d?:\\d\\d GMT[+-]\\d\\d:\\d\\d [\\w\\s.\\-]{1,80})\\s*$");
  /**
   * The verbless form: a date, a time and a name with its address, ending in a colon
   * ({@code 2026-03-03 9:15 GMT+01:00 Jane Doe <jane@example.com>:}, {@code 3. März 2026 09:15, Jane <j@x.de>:}).
   */
  private static final Pattern VERBLESS_HEADER = Pattern.compile(
      "(?U)^[\\s>]*(?=.{0,300}\\d{1,2}[:.]\\d\\d)(?=.{0,300}(\\d{4}|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2}))"
          + ".{0,300}[\\s,(<\\[\"]<?[\\w.+'=-]{1,64}@[\\w.-]{1,255}[>)\\]]?\\s*" + COLON + "\\s*$");
  /** Zoho and some webmails: {@code ---- On <date> Jane Doe <jane@example.com> wrote ----}. */
  private static final Pattern DASHED_WROTE = Pattern.compile(
      "(?iU)^\\s*-{2,}\\s*.{1,300}(\\b" + WROTE + "|" + WROTE_CJK + ")\\s*" + COLON + "?\\s*-{2,}\\s*$");
  private static final Pattern WRAPPED_HEADER_START = Pattern.compile(
      "(?iU)^[\\s>]*(" + STARTERS + "\\b|\\d|.{0,80}(<|@|\\d{4}))");
  /** A wrapped attribution whose second line is already an attribution of its own: only a date-like first line. */
  private static final Pattern DATE_LINE_START = Pattern.compile(
      "(?iU)^[\\s>]*(" + STARTERS + "\\b.{0,120}\\d|\\d.{0,120}\\d|\\p{L}{2,4}\\.?,? \\d).{0,200}[^.!?]$");
  /** An attribution after the last words of the reply, on the same line. */
  private static final Pattern SAME_LINE_HEADER = Pattern.compile(
      "(?U)^(.*?[^\\s>].*?)\\s+((On|Am|Le|El|Em|Il|Op|Den) \\S.{0,300}?(\\b" + WROTE + "|" + WROTE_CJK + ")\\s*"
          + COLON + "\\s*)$");
  private static final Pattern SAME_LINE_STARTERS = Pattern.compile(" (On|Am|Le|El|Em|Il|Op|Den) ");
  private static final Pattern DATE_EMAIL_HEADER = Pattern.compile(
      "(?U)^[\\s>]*(\\d{4}[-/]\\d{1,2}[-/]\\d{1,2}|\\S{1,4},? \\d{1,2} \\S{1,6}\\.? \\d{4}).{0,100}<[^<>@\\s]+@[^<>\\s]+>"
          + COLON + "?\\s*$");
  /** "Original message" and "Forwarded message" separators as Outlook, Gmail, Thunderbird, Apple Mail, QQ write them. */
  private static final String SEPARATOR_PHRASES =
      "(Original Message|Forwarded Message|Reply Message|Ursprüngliche Nachricht|Originalnachricht"
          + "|Weitergeleitete Nachricht|Message d'origine|Message original|Message transféré|Mensaje original"
          + "|Mensaje reenviado|Messaggio originale|Messaggio inoltrato|Oorspronkelijk bericht|Origineel bericht"
          + "|Doorgestuurd bericht|Mensagem original|Mensagem encaminhada|Oprindelig meddelelse|Videresendt meddelelse"
          + "|Opprinnelig melding|Videresendt melding|Ursprungligt meddelande|Vidarebefordrat meddelande"
          + "|Alkuperäinen viesti|Välitetty viesti|Wiadomość oryginalna|Oryginalna wiadomość"
          + "|Wiadomość przekazana dalej|Původní zpráva|Přeposlaná zpráva|Pôvodná správa|Исходное сообщение"
          + "|Пересылаемое сообщение|Оригинальное сообщение|Eredeti üzenet|Továbbított üzenet|Orijinal İleti"
          + "|Özgün İleti|İletilen İleti|Αρχικό μήνυμα|Mesaj original|Thư gốc|Tin nhắn gốc|Pesan Asli"
          + "|원본 메시지|전달된 메시지|元のメッセージ|転送されたメッセージ|原始邮件|原始郵件|邮件原件|转发的邮件|原始信件"
          + "|Messaggio Originale)";
  private static final Pattern FORWARD_MARKER = Pattern.compile(
      "(?iU)^[\\s>*]*(-{2,}\\s*" + SEPARATOR_PHRASES + "\\s*-{2,}.*|-{2,}\\s*Forwarded message from .{1,200}-{2,}|_{2,}\\s*" + SEPARATOR_PHRASES + "\\s*_{2,}"
          + "|Begin forwarded message:?|Début du message (transféré|réexpédié)\\s?:?"
          + "|Anfang der weitergeleiteten Nachricht:?|Inicio del mensaje reenviado:?|Inizio messaggio inoltrato:?"
          + "|Doorgestuurd bericht begint hier:?|Início da mensagem reencaminhada:?)\\s*\\**\\s*$");
  /** Outlook and Windows Mail header blocks, localised; a block needs three of these within eight lines. */
  private static final Pattern EMAIL_HEADER = Pattern.compile(
      "(?iU)^[\\s*>]*(From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Von|Gesendet|Datum|An|Betreff|Kopie|De|Envoyé"
          + "|Expéditeur|À|A|Objet|Destinataire|Répondre à|Para|Enviado|Enviado el|Enviada em|Enviado em|Fecha|Asunto"
          + "|Da|Inviato|Data|Oggetto|Van|Verzonden|Aan|Onderwerp|Assunto|Fra|Sendt|Til|Emne|Kopi|Från|Skickat|Till"
          + "|Ämne|Kopia|Lähettäjä|Lähetetty|Vastaanottaja|Aihe|Kopio|Od|Wysłano|Wysłany|Do|Temat|DW|Odesláno|Komu"
          + "|Předmět|Odoslané|Predmet|От|Отправлено|Дата|Кому|Тема|Копия|Feladó|Elküldve|Címzett|Tárgy|Kimden"
          + "|Gönderildi|Kime|Konu|Από|Στάλθηκε|Προς|Θέμα|Từ|Đã gửi|Đến|Chủ đề|Ngày|Gửi|Dari|Dikirim|Kepada|Perihal"
          + "|差出人|送信日時|宛先|件名|日付|送信者|发件人|发送时间|收件人|主题|抄送|日期|寄件者|寄件日期|收件者|主旨|副本"
          + "|보낸 사람|보낸 날짜|받는 사람|제목|참조)\\s*\\**\\s*" + COLON + "\\s*\\**\\s*\\S.*$");
  private static final Pattern DELIMITER_LINE = Pattern.compile("^\\s*[-_=+~#*ᐧ—]{2,}\\s*$|^\\s*ᐧ\\s*$");
  private static final Pattern SIG_SEPARATOR_LINE = Pattern.compile("^-- ?$");
  private static final String DEVICE = "(iPhone|iPad|iPod|Android|BlackBerry|Samsung|Galaxy|Huawei|Xiaomi|Pixel"
      + "|Nokia|Motorola|Sony|LG|HTC|OnePlus|Honor|Oppo|Redmi|Windows|Mac|Surface|Outlook|Yahoo Mail|Gmail|AOL"
      + "|Mail|mobile|phone|smartphone|tablet|device|\\S+ ?\\S*)";
  private static final Pattern MOBILE_SIGNATURE = Pattern.compile(
      "(?iU)^[\\s(<]*(Sent (from|via|with|by|using) (?!my\\b).{1,80}|Sent from my (iPhone|iPad|iPod|Android|"
          + "BlackBerry|mobile|phone|cell|smartphone|tablet|Samsung|Galaxy|HTC|Huawei|Pixel|Nokia|LG|Sony|Motorola|"
          + "Windows|Xiaomi|OnePlus|device|Verizon|T-Mobile|Sprint)\\b.*|Sent from my \\S+( [^\\s,;]+){0,3}|"
          + "\\S+ from mobile|From my \\S.{0,20}|Get (\\[)?Outlook for .*|Envoyé (depuis|de) (mon|ma|Yahoo).*|"
          + "Obtenez Outlook pour .{1,30}|Télécharger Outlook pour .{1,30}"
          + "|Von meinem .{1,60} gesendet\\.?|Diese Nachricht wurde von .{1,80} gesendet\\.?|Gesendet von .{1,40}|"
          + "Gesendet mit .{1,40}|Holen Sie sich Outlook für .{1,30}|Outlook für .{1,20} herunterladen|"
          + "Inviato da .{1,60}|Inviato dal mio .{1,60}|Scarica Outlook per .{1,30}|"
          + "Sendt fra min .{1,60}|Sendt fra .{1,30}|Hent Outlook til .{1,30}|Få Outlook for .{1,30}|"
          + "Enviado (do|desde|de|dende) (meu|mi|mon|o meu|el meu) .{1,60}|Enviado (do|desde|de) (Outlook|Yahoo|Gmail|Correo|Mail)\\b.{0,40}|Enviado desde .{1,40}|"
          + "Obtener Outlook para .{1,30}|Descargar Outlook para .{1,30}|Obter o Outlook para .{1,30}|"
          + "Baixe o Outlook para .{1,30}|"
          + "Verzonden (met|vanaf|van) .{1,60}|Verstuurd (vanaf|met|van) mijn .{1,60}|Outlook voor .{1,20} downloaden|"
          + "Skickat från min .{1,60}|Skickat från .{1,30}|från min .{1,60}|Hämta Outlook för .{1,30}|"
          + "Lähetetty (laitteesta|iPhonesta|Androidista|.{1,30}(sta|stä|lta|ltä))|Hanki Outlook for .{1,30}|"
          + "Wysłane z (mojego )?.{1,40}|Wysłano z (mojego )?.{1,40}|Pobierz (aplikację )?Outlook .{1,40}|"
          + "Odesláno z (mého )?.{1,40}|Odoslané z (môjho )?.{1,40}|"
          + "Отправлено с (моего )?.{1,40}|Отправлено из .{1,40}|Получить Outlook для .{1,30}|Надіслано з .{1,40}|"
          + "Gönderen: iPhone|iPhone'umdan gönderildi|.{1,30}'(dan|den|tan|ten) gönderildi|"
          + "(Az )?\\S{1,30}(ról|ről) küldve|Küldve .{1,30}(ról|ről)|"
          + "Trimis de pe .{1,40}|Στάλθηκε από .{1,40}|Gửi từ .{1,40}|Được gửi từ .{1,40}|Dikirim dari .{1,40}|"
          + "נשלח מ.{1,40}|أرسلت من .{1,40}|"
          + DEVICE + "\\s?から送信|.{1,20}のiPhoneから送信|Outlook for .{1,10} を入手|"
          + "從我的 ?.{1,20} ?傳送|从我的 ?.{1,20} ?发送|发自我的.{1,20}|來自我的.{1,20}|"
          + DEVICE + "에서 보냄|나의 .{1,20}에서 보냄)[)>]*\\s*$");
  /** {@code >} quoting, plus the Usenet initials style ({@code C> text}). */
  private static final Pattern QUOTE_LINE = Pattern.compile("^\\s*(\\p{Lu}{1,3})?>");
  private static final Pattern CODE_FENCE = Pattern.compile("^\\s*(```|~~~)");
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\[([^\\]]{1,200})\\]\\([^)]{1,500}\\)");

  private ReplyExtractor() {}

  /** The new text of a reply, stripped; the whole (stripped) text when nothing but quotes would be left. */
  public static String extract(String text) {
    return split(text).reply();
  }

  /**
   * The new text of an HTML reply: quoted parts found by structure (Gmail, Yahoo, Thunderbird, Apple Mail, Outlook)
   * removed first, then the rendered text read like plain text. The whole rendered text when nothing would be left.
   */
  public static String extractHtml(String html) {
    return splitHtml(html).reply();
  }

  public static Split splitHtml(String html) {
    if (html == null || html.isBlank()) {
      return new Split("", "");
    }
    String full = Html.toText(html);
    String structural = HtmlQuotes.withoutQuotes(html, ReplyExtractor::opensHeaderBlock);
    if (structural == null || structural.isBlank()) {
      return split(full);
    }
    Split split = split(structural);
    return new Split(split.reply(), full.strip());
  }

  /** "From: Jane" or "Von: Jane" and the like, possibly bold ("*From:*"), opening an Outlook header block. */
  private static boolean opensHeaderBlock(String line) {
    String first = line.strip();
    return first.length() <= MAX_MATCH_LINE && EMAIL_HEADER.matcher(first).matches();
  }

  public static Split split(String text) {
    if (text == null || text.isBlank()) {
      return new Split("", "");
    }
    List<String> lines = splitSameLineAttributions(
        List.of(text.replace("\r\n", "\n").replace('\r', '\n').strip().split("\n", -1)));
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
    // mobile signatures only matter at the end of the text, so dropTrailing tests for them there, on few lines
    if (FORWARD_MARKER.matcher(line).matches() || isAttribution(line)
        || line.endsWith("-") && DASHED_WROTE.matcher(line).matches()
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

  /**
   * Cheap tests first: every attribution form but two ends in a colon, and those two (no colon after the verb, Gmail's
   * old "GMT+01:00 Name" line) contain a digit or an '@'. Most lines of a mail are prose and skip the patterns.
   */
  private static boolean isAttribution(String line) {
    String end = line.stripTrailing();
    boolean colon = end.endsWith(":") || end.endsWith("：");
    if (!colon && !containsDigitOrAt(end)) {
      return false;
    }
    // both need a verb of writing, but for Gmail's old "... GMT+01:00 Name" form: one linear scan for it spares the
    // two patterns' backtracking on the many lines with a digit that are no attribution (most of the parse time)
    boolean verb = mentionsWriting(line);
    if (verb && QUOTE_HEADER.matcher(line).matches()
        || (verb || containsGmt(line))
            && YEAR_SOMEONE_WROTE.matcher(line).matches()) {
      return true;
    }
    return colon && (SOMEONE_WROTE.matcher(line).matches() || SENT_HEADER.matcher(line).matches()
        || VERBLESS_HEADER.matcher(line).matches() || FIXED_ATTRIBUTION.matcher(line).matches());
  }

  private static boolean mentionsWriting(String line) {
    String lower = line.toLowerCase(Locale.ROOT);
    for (String fragment : WROTE_FRAGMENTS) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsGmt(String line) {
    for (int i = 0; i + 3 <= line.length(); i++) {
      if (line.regionMatches(true, i, "GMT", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsDigitOrAt(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '@' || c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean isMobileSignature(String line) {
    return line.length() <= 120 && MOBILE_SIGNATURE.matcher(MARKDOWN_LINK.matcher(line).replaceAll("$1")).matches();
  }

  /** "Thanks, will do. On Tue, ... Jane <jane@example.com> wrote:" becomes two lines, the reply and the attribution. */
  private static List<String> splitSameLineAttributions(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      if (line.length() <= MAX_MATCH_LINE && !line.startsWith(">") && (line.endsWith(":") || line.endsWith("："))
          && SAME_LINE_STARTERS.matcher(line).find()) {
        Matcher m = SAME_LINE_HEADER.matcher(line);
        if (m.matches() && (m.group(2).contains("@") || m.group(2).matches("(?s).*\\d.*"))
            && isAttribution(m.group(2))) {
          out.add(m.group(1));
          out.add(m.group(2));
          continue;
        }
      }
      out.add(line);
    }
    return out;
  }

  /**
   * Gmail, Apple Mail and Thunderbird wrap long attributions: "On <date>, <name> <" / "address> wrote:", or the name on
   * one line and "wrote:" on the next. Read back from each line that ends in a colon, nearest lines first, so a
   * sentence above the attribution is never swallowed; further lines join only when they look like a date.
   */
  private static void joinWrappedQuoteHeaders(List<String> lines, StringBuilder pattern) {
    for (int j = 1; j < lines.size(); j++) {
      char end = pattern.charAt(j);
      String last = lines.get(j).strip();
      // the last piece may look like a quote ("> wrote:", ">:") when the wrap put the '>' of the address first
      boolean shortQuote = end == QUOTE && unquote(last).length() <= 40;
      if (end != TEXT && end != MARKER && !shortQuote || !(last.endsWith(":") || last.endsWith("："))) {
        continue;
      }
      String joined = shortQuote && last.startsWith(">:") ? last : unquote(lines.get(j));
      int start = -1;
      for (int i = j - 1; i >= Math.max(0, j - 6) && (pattern.charAt(i) == TEXT || pattern.charAt(i) == EMPTY); i--) {
        if (pattern.charAt(i) == EMPTY) {
          continue;
        }
        String piece = unquote(lines.get(i));
        joined = piece + (piece.endsWith("<") ? "" : " ") + joined;
        if (joined.length() > MAX_MATCH_LINE) {
          break;
        }
        boolean looksLikeStart = start < 0 && end != MARKER
            ? WRAPPED_HEADER_START.matcher(lines.get(i)).lookingAt()
            : piece.equals("<") || DATE_LINE_START.matcher(lines.get(i)).matches();
        if (looksLikeStart && isAttribution(joined)) {
          start = i;
        } else if (start >= 0) {
          break;
        }
      }
      for (int k = start; k >= 0 && k <= j; k++) {
        pattern.setCharAt(k, MARKER);
      }
    }
  }

  private static String unquote(String line) {
    return line.replaceFirst("^[\\s>]+", "").strip();
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
      if (c == TEXT) {
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
      } else if (c == TEXT && inHistory && pattern.charAt(i - 1) == 'x' && i + 1 < pattern.length()
          && pattern.charAt(i + 1) == HEADER) {
        // a header value wrapped onto its own line ("Subject: a long\nsubject\nTo: ...") is still the block
        pattern.setCharAt(i, 'x');
        continue;
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
      if (c == EMPTY || c == DELIMITER || c == SIG_SEPARATOR || c == HEADER || c == QUOTE
          || c == TEXT && isMobileSignature(kept.get(end - 1))) {
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
