package dev.switchboard.parser.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/** HTML bodies: made safe to show in the agent UI, and rendered to plain text for HTML-only mail. */
public final class Html {
  /**
   * Relaxed formatting, but images only from the message itself (cid:): a remote image is a tracking pixel or an
   * exfiltration channel when an agent opens the ticket. No style attributes or elements, because CSS url() loads too.
   */
  private static final Safelist SAFELIST = Safelist.relaxed()
      .removeProtocols("img", "src", "http", "https")
      .addProtocols("img", "src", "cid")
      .addEnforcedAttribute("a", "rel", "nofollow noopener noreferrer");

  private static final Set<String> BLOCKS = Set.of(
      "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "fieldset", "figcaption",
      "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
      "p", "pre", "section", "table", "tr", "ul");
  private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol");
  private static final Set<String> SKIPPED = Set.of("head", "script", "style", "title", "template", "noscript");

  private Html() {}

  public static String sanitize(String html) {
    Document.OutputSettings settings = new Document.OutputSettings().prettyPrint(false);
    return Jsoup.clean(html, "", SAFELIST, settings);
  }

  /**
   * The Content-IDs that {@code <img src="cid:...">} in {@linkplain #sanitize sanitized} HTML refers to, URL-decoded
   * as RFC 2392 asks.
   */
  public static List<String> cidReferences(String html) {
    // most mail has no cid: image, and this would be the HTML's second full parse. Called on sanitized HTML, whose
    // attributes Jsoup wrote out itself: a cid: source there is literal text, never an entity
    if (!mentionsCid(html)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (Element img : Jsoup.parse(html).select("img[src]")) {
      String src = img.attr("src").strip();
      if (src.regionMatches(true, 0, "cid:", 0, 4)) {
        ids.add(urlDecode(src.substring(4)));
      }
    }
    return ids;
  }

  /** Whether "cid:" occurs in any case; finds the colons first, which is fast on text that has few. */
  private static boolean mentionsCid(String html) {
    for (int i = html.indexOf(':', 3); i >= 0; i = html.indexOf(':', i + 1)) {
      if (html.regionMatches(true, i - 3, "cid", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  private static String urlDecode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  /**
   * Plain text that keeps what a reader needs: paragraphs as blank lines, list items as "- ", links as
   * "text <url>", and blockquotes as "> " lines so reply extraction treats them like quoted plain text.
   */
  public static String toText(String html) {
    return toText(Jsoup.parse(html));
  }

  static String toText(Document doc) {
    TextRenderer renderer = new TextRenderer();
    NodeTraversor.traverse(renderer, doc.body());
    return renderer.text();
  }

  /** Iterative (NodeTraversor) so that hostile nesting depth cannot overflow the stack. */
  private static final class TextRenderer implements NodeVisitor {
    private final StringBuilder out = new StringBuilder();
    private int quoteDepth;
    private int skipDepth;
    private int preDepth;
    private int pendingNewlines;

    @Override
    public void head(Node node, int depth) {
      if (node instanceof Element el) {
        String tag = el.normalName();
        if (SKIPPED.contains(tag) || skipDepth > 0) {
          skipDepth++;
          return;
        }
        if (PARAGRAPHS.contains(tag)) {
          newlines(2);
        } else if (BLOCKS.contains(tag)) {
          newlines(1);
        }
        switch (tag) {
          case "br" -> forceNewline();
          case "blockquote" -> {
            newlines(1);
            quoteDepth++;
          }
          case "li" -> append("- ");
          case "pre" -> preDepth++;
          case "td", "th" -> {
            if (el.elementSiblingIndex() > 0) {
              append(" ");
            }
          }
          case "img" -> {
            String alt = el.attr("alt").strip();
            if (!alt.isEmpty()) {
              append("[" + alt + "]");
            }
          }
          default -> { }
        }
      } else if (node instanceof TextNode text && skipDepth == 0) {
        String t = preDepth > 0 ? text.getWholeText() : text.text();
        if (preDepth == 0 && t.isBlank()) {
          if (out.length() > 0 && pendingNewlines == 0 && !endsWithSpace()) {
            out.append(' ');
          }
          return;
        }
        append(t);
      }
    }

    @Override
    public void tail(Node node, int depth) {
      if (!(node instanceof Element el)) {
        return;
      }
      String tag = el.normalName();
      if (skipDepth > 0) {
        skipDepth--;
        return;
      }
      if ("a".equals(tag)) {
        String href = el.attr("href").strip();
        String shown = el.text().strip();
        if (!href.isEmpty() && !href.toLowerCase(Locale.ROOT).startsWith("javascript:")
            && !href.equals(shown) && !href.equals("mailto:" + shown) && !shown.isEmpty()) {
          append(" <" + href + ">");
        }
      }
      if ("blockquote".equals(tag)) {
        quoteDepth--;
        newlines(1);
      } else if ("pre".equals(tag)) {
        preDepth--;
      }
      if (PARAGRAPHS.contains(tag)) {
        newlines(2);
      } else if (BLOCKS.contains(tag)) {
        newlines(1);
      }
    }

    private void newlines(int n) {
      if (out.length() > 0) {
        pendingNewlines = Math.max(pendingNewlines, n);
      }
    }

    private void forceNewline() {
      if (out.length() > 0) {
        pendingNewlines = Math.min(pendingNewlines + 1, 2);
      }
    }

    private boolean endsWithSpace() {
      return out.length() > 0 && Character.isWhitespace(out.charAt(out.length() - 1));
    }

    private void append(String s) {
      String[] lines = s.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (i > 0) {
          out.append('\n');
          prefix();
        }
        if (pendingNewlines > 0) {
          stripTrailingSpaces();
          for (int n = 0; n < pendingNewlines; n++) {
            out.append('\n');
            if (n < pendingNewlines - 1 && quoteDepth > 0) {
              out.append(">".repeat(quoteDepth));
            }
          }
          pendingNewlines = 0;
          prefix();
        } else if (out.length() == 0) {
          prefix();
        }
        String line = lines[i];
        if (endsWithLineStart() && preDepth == 0) {
          line = line.stripLeading();
        }
        out.append(line);
      }
    }

    private boolean endsWithLineStart() {
      int n = out.length();
      return n == 0 || out.charAt(n - 1) == '\n' || n >= 2 && out.charAt(n - 1) == ' ' && out.charAt(n - 2) == '>';
    }

    private void prefix() {
      if (quoteDepth > 0) {
        out.append(">".repeat(quoteDepth)).append(' ');
      }
    }

    private void stripTrailingSpaces() {
      int end = out.length();
      while (end > 0 && out.charAt(end - 1) == ' ') {
        end--;
      }
      out.setLength(end);
    }

    String text() {
      return out.toString().strip().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n");
    }
  }
}
