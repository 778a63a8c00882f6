package dev.switchboard.parser.internal;

import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * Quoted history and signatures in HTML mail found by the structure clients give them, not by their words: Gmail's
 * {@code gmail_quote} and {@code gmail_signature}, Yahoo's {@code yahoo_quoted}, Thunderbird's {@code moz-cite-prefix}
 * with {@code <blockquote type=cite>} (also Apple Mail's), Outlook's {@code divRplyFwdMsg} and border-top separator,
 * and an {@code <hr>} followed by a header block. A plain {@code <blockquote>} is a quotation the writer chose and stays.
 */
public final class HtmlQuotes {
  /** Removed where they stand: text after them (bottom-posting, inline answers) stays. */
  private static final String QUOTES = ".gmail_quote, blockquote.gmail_quote, .gmail_signature,"
      + " [data-smartmail=gmail_signature], .yahoo_quoted, [id^=yahoo_quoted], .protonmail_quote, .zmail_extra,"
      + " .moz-cite-prefix, .moz-signature, blockquote[type=cite], .OutlookMessageHeader,"
      + " #ms-outlook-mobile-signature, #ms-outlook-ios-signature";
  /** Outlook marks where the history starts; everything from there on is history. */
  private static final String CUT_POINTS = "#appendonsend, [id$=divRplyFwdMsg], #divRplyFwdMsg";
  private static final Pattern BORDER_TOP = Pattern.compile("(?i)border-top\\s*:\\s*solid");

  private HtmlQuotes() {}

  /**
   * The HTML rendered to text without its structurally quoted parts, or null when the HTML has none of them (the
   * caller then reads the text as it is).
   *
   * @param isHeaderLine says whether a line opens an Outlook-style header block ("From: ...", "Von: ...")
   */
  public static String withoutQuotes(String html, Predicate<String> isHeaderLine) {
    Document doc = Jsoup.parse(html);
    boolean found = false;
    for (Element cut : doc.select(CUT_POINTS)) {
      if (cut.parent() != null) {
        Element hr = cut.previousElementSibling();
        cutFrom(hr != null && hr.normalName().equals("hr") ? hr : cut);
        found = true;
      }
    }
    for (Element div : doc.select("div[style]")) {
      if (div.parent() != null && BORDER_TOP.matcher(div.attr("style")).find() && isHeaderLine.test(firstLine(div))) {
        cutFrom(div);
        found = true;
      }
    }
    for (Element hr : doc.select("hr")) {
      Element next = hr.nextElementSibling();
      if (hr.parent() != null && next != null && isHeaderLine.test(firstLine(next))) {
        cutFrom(hr);
        found = true;
      }
    }
    for (Element quote : doc.select(QUOTES)) {
      if (quote.parent() != null) {
        quote.remove();
        found = true;
      }
    }
    return found ? Html.toText(doc) : null;
  }

  private static String firstLine(Element element) {
    String text = element.wholeText().strip();
    int newline = text.indexOf('\n');
    String line = newline < 0 ? text : text.substring(0, newline);
    if (line.length() > 300) {
      return line.substring(0, 300);
    }
    // Outlook writes the block as one paragraph with <br>: "From: Jane Sent: Monday ..." reads fine up to the colon
    return line.isEmpty() ? element.text() : line;
  }

  /** The element, everything after it, and everything after each of its ancestors. */
  private static void cutFrom(Element element) {
    for (Node node = element; node != null && !(node instanceof Element e && e.normalName().equals("body"));
        node = node.parent()) {
      while (node.nextSibling() != null) {
        node.nextSibling().remove();
      }
    }
    element.remove();
  }
}
