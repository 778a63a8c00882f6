package dev.switchboard.gateway.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a coordinator's mail may be believed, from the {@code Authentication-Results} header (RFC 8601)
 * our receiving server added. Pure.
 *
 * <p>Only the topmost header counts: it is the one our own server prepended last. Headers further down travelled with
 * the message and anyone can write them. The topmost must come from a trusted authserv-id, and it must report
 * {@code dkim=pass} with a signing domain ({@code header.d}, or the domain of {@code header.i}) equal to the From
 * domain, or {@code spf=pass} with an envelope sender ({@code smtp.mailfrom}) in the From domain. A pass for some
 * other domain proves nothing about the From address, which is what a spoofer forges.
 *
 * <p>Without such a pass, mail to the coordinator's own reply address ({@link ReplyToken}) is believed, unless that
 * trusted header reports {@code dkim}, {@code spf} or {@code dmarc} {@code =fail} for the From domain.
 */
public final class AgentAuthentication {
  /** The answer and why, for the ticket's note and the log. */
  public record Verdict(boolean verified, String reason) {}

  /** One {@code method=result} with its properties ({@code header.d}, {@code smtp.mailfrom}, ...), lower-case keys. */
  public record Result(String method, String result, Map<String, String> properties) {
    public Result {
      properties = Map.copyOf(properties);
    }
  }

  /** One parsed header: who wrote it and what it found. */
  public record Header(String authservId, List<Result> results) {
    public Header {
      results = List.copyOf(results);
    }
  }

  private final Set<String> trustedAuthservIds;

  public AgentAuthentication(Collection<String> trustedAuthservIds) {
    this.trustedAuthservIds =
        trustedAuthservIds.stream().map(s -> s.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  /** {@link #verify(List, String, boolean)} for mail not sent to the coordinator's own reply address. */
  public Verdict verify(List<String> authenticationResults, String fromDomain) {
    return verify(authenticationResults, fromDomain, false);
  }

  /**
   * @param authenticationResults every {@code Authentication-Results} value of the message, topmost first
   * @param fromDomain the domain of the From address
   * @param ownReplyAddress whether the mail went to the reply address issued to this coordinator for the ticket: it
   *     stands in for DKIM and SPF when the trusted server found nothing, never when it found a failure
   */
  public Verdict verify(List<String> authenticationResults, String fromDomain, boolean ownReplyAddress) {
    Verdict byReplyAddress = new Verdict(true, "sent to the coordinator's own reply address for the ticket");
    String domain = fromDomain == null ? "" : fromDomain.toLowerCase(Locale.ROOT);
    Header top = authenticationResults.isEmpty() ? null : parse(authenticationResults.get(0));
    String untrusted = null;
    if (trustedAuthservIds.isEmpty()) {
      untrusted = "no trusted authserv-id is configured";
    } else if (authenticationResults.isEmpty()) {
      untrusted = "the mail has no Authentication-Results header";
    } else if (top == null) {
      untrusted = "the topmost Authentication-Results header cannot be read";
    } else if (!trustedAuthservIds.contains(top.authservId().toLowerCase(Locale.ROOT))) {
      untrusted = "the topmost Authentication-Results header is from untrusted authserv-id '" + top.authservId() + "'";
    }
    if (untrusted != null) {
      return ownReplyAddress ? byReplyAddress : new Verdict(false, untrusted);
    }
    List<String> seen = new ArrayList<>();
    String failure = null;
    for (Result r : top.results()) {
      seen.add(r.method() + "=" + r.result());
      if ("pass".equals(r.result())) {
        if ("dkim".equals(r.method()) && (aligned(domain, domainOf(r.properties().get("header.d")))
            || aligned(domain, domainOf(r.properties().get("header.i"))))) {
          return new Verdict(true, "dkim=pass for " + domain + " from " + top.authservId());
        }
        if ("spf".equals(r.method()) && aligned(domain, domainOf(r.properties().get("smtp.mailfrom")))) {
          return new Verdict(true, "spf=pass for " + domain + " from " + top.authservId());
        }
      } else if ("fail".equals(r.result()) && failure == null && failsFor(r, domain)) {
        failure = r.method() + "=fail for " + domain;
      }
    }
    String none = "no dkim or spf pass for the From domain " + domain + " ("
        + (seen.isEmpty() ? "no results" : String.join(", ", seen)) + ")";
    if (failure != null) {
      // our own server saw the From domain fail: a reply address, which the requester may know, must not outweigh it
      return new Verdict(false, none + "; " + failure + " from " + top.authservId()
          + (ownReplyAddress ? ", which no reply address overrides" : ""));
    }
    return ownReplyAddress ? byReplyAddress : new Verdict(false, none);
  }

  /**
   * Whether a failed result is about the From domain. A result that does not say which domain it checked counts as
   * one: it is in our own server's topmost header, so assuming the worst costs only a fallback.
   */
  private static boolean failsFor(Result r, String domain) {
    String checked = switch (r.method()) {
      case "dkim" -> dkimDomain(r);
      case "spf" -> domainOf(r.properties().get("smtp.mailfrom"));
      case "dmarc" -> domainOf(r.properties().get("header.from"));
      default -> "";
    };
    return checked == null || domain.equals(checked);
  }

  private static String dkimDomain(Result r) {
    String d = domainOf(r.properties().get("header.d"));
    return d != null ? d : domainOf(r.properties().get("header.i"));
  }

  private static boolean aligned(String domain, String checked) {
    return !domain.isEmpty() && domain.equals(checked);
  }

  /** Parses one header value; null when it has no authserv-id. Comments are dropped, quoted strings unquoted. */
  public static Header parse(String value) {
    List<String> parts = splitOutsideQuotes(stripComments(value), ';');
    if (parts.isEmpty()) {
      return null;
    }
    List<String> id = tokens(parts.get(0));
    if (id.isEmpty()) {
      return null;
    }
    List<Result> results = new ArrayList<>();
    for (String part : parts.subList(1, parts.size())) {
      List<String> tokens = tokens(part);
      if (tokens.isEmpty()) {
        continue;
      }
      String[] methodResult = tokens.get(0).split("=", 2);
      if (methodResult.length != 2) {
        // "none" (no results) or something we do not understand: no result either way
        continue;
      }
      String method = methodResult[0].toLowerCase(Locale.ROOT);
      int slash = method.indexOf('/');
      if (slash >= 0) {
        method = method.substring(0, slash);
      }
      Map<String, String> properties = new LinkedHashMap<>();
      for (String t : tokens.subList(1, tokens.size())) {
        int eq = t.indexOf('=');
        if (eq > 0) {
          properties.putIfAbsent(t.substring(0, eq).toLowerCase(Locale.ROOT), unquote(t.substring(eq + 1)));
        }
      }
      results.add(new Result(method, methodResult[1].toLowerCase(Locale.ROOT), properties));
    }
    return new Header(id.get(0), results);
  }

  private static String domainOf(String value) {
    if (value == null) {
      return null;
    }
    int at = value.lastIndexOf('@');
    return (at < 0 ? value : value.substring(at + 1)).strip().toLowerCase(Locale.ROOT);
  }

  /** Removes (nested) comments outside quoted strings. */
  static String stripComments(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && (quoted || depth > 0)) {
        if (depth == 0) {
          out.append(c).append(value.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (depth == 0 && c == '"') {
        quoted = !quoted;
        out.append(c);
      } else if (!quoted && c == '(') {
        depth++;
        out.append(' ');
      } else if (!quoted && c == ')' && depth > 0) {
        depth--;
      } else if (depth == 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static List<String> splitOutsideQuotes(String value, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && quoted && i + 1 < value.length()) {
        current.append(c).append(value.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** Whitespace-separated tokens, with whitespace around '=' and '/' (allowed by the grammar) squeezed out. */
  private static List<String> tokens(String part) {
    String squeezed = part.replaceAll("\\s*([=/])\\s*", "$1");
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < squeezed.length(); i++) {
      char c = squeezed.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      }
      if (Character.isWhitespace(c) && !quoted) {
        if (current.length() > 0) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      tokens.add(current.toString());
    }
    return tokens;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      return v.substring(1, v.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return v;
  }
}
