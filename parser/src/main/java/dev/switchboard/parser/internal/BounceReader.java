package dev.switchboard.parser.internal;

import dev.switchboard.parser.BounceInfo;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.ParsedAttachment;
import dev.switchboard.parser.ParsedEmail;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a returned-mail notice says: RFC 3464 delivery-status fields when there are any, otherwise what the
 * usual plain-text notices of MTAs give away (recipient, enhanced status code, the returned Message-ID).
 */
public final class BounceReader {
  /** Reports and returned headers are small; the returned message body is not needed. */
  private static final int MAX_REPORT_BYTES = 64 * 1024;
  /** Notices say what failed near the top; scanning a whole returned attachment body would only add noise. */
  private static final int MAX_SCAN_CHARS = 32 * 1024;
  private static final Set<String> STATUS_TYPES = Set.of("message/delivery-status", "message/global-delivery-status");
  private static final Set<String> RETURNED_TYPES = Set.of("message/rfc822", "text/rfc822-headers",
      "message/global", "message/global-headers");
  private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^\\s*Message-ID:\\s*<([^<>\\s]{1,500})>");
  private static final Pattern ENHANCED_STATUS = Pattern.compile("(?<![\\d.])([245]\\.\\d{1,3}\\.\\d{1,3})(?![\\d.])");
  private static final Pattern SMTP_REPLY = Pattern.compile("(?<![\\d.])([45]\\d\\d)[ -](?=[A-Za-z#<\\d])");
  private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._%+=/'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})+");
  private static final Pattern BLANK_LINE = Pattern.compile("\n\\s*\n");
  private static final Pattern FOLD = Pattern.compile("\n[ \t]+");
  private static final Set<String> NOT_RECIPIENTS = Set.of("mailer-daemon", "postmaster", "root", "abuse");

  private BounceReader() {}

  /**
   * What the structure of the mail says; reading it costs no scan of the body text, which most mail never needs.
   *
   * @param hasDeliveryStatus a message/delivery-status part was found
   * @param allDelivered every recipient group reports success (a positive DSN, not a failure)
   * @param feedbackReport an RFC 5965 abuse report
   * @param returnsMessage the original message or its headers are attached
   * @param returnedId Message-ID of the attached original, if any
   * @param statusRecipient the failed (or first) recipient of the delivery-status part, if any
   * @param statusCode that recipient's enhanced status code, if any
   */
  public record Report(boolean hasDeliveryStatus, boolean allDelivered, boolean feedbackReport,
      boolean returnsMessage, String returnedId, String statusRecipient, String statusCode) {}

  public static Report read(ParsedEmail email) {
    String contentType = email.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    boolean feedback = contentType.startsWith("multipart/report") && contentType.contains("feedback-report");
    boolean hasStatus = false;
    boolean returns = false;
    List<Recipient> recipients = new ArrayList<>();
    String originalId = null;
    for (ParsedAttachment attachment : email.attachments()) {
      String type = attachment.contentType().toLowerCase(Locale.ROOT);
      if (type.equals("message/feedback-report")) {
        feedback = true;
      } else if (STATUS_TYPES.contains(type)) {
        hasStatus = true;
        recipients.addAll(parseStatus(head(attachment)));
      } else if (RETURNED_TYPES.contains(type)) {
        returns = true;
        if (originalId == null) {
          originalId = firstMatch(MESSAGE_ID, headerBlock(head(attachment)));
        }
      }
    }
    if (contentType.startsWith("multipart/report") && contentType.contains("delivery-status")) {
      hasStatus = true;
    }
    boolean allDelivered = !recipients.isEmpty() && recipients.stream().allMatch(Recipient::delivered);
    Recipient failed = recipients.stream().filter(r -> !r.delivered()).findFirst()
        .orElse(recipients.isEmpty() ? null : recipients.get(0));
    return new Report(hasStatus, allDelivered, feedback, returns, originalId,
        failed == null ? null : failed.address(), failed == null ? null : failed.status());
  }

  /**
   * What a returned-mail notice says about the returned message; falls back to scanning the body text, so the
   * classifier asks only once it has decided the mail is a bounce.
   */
  public static BounceInfo bounceInfo(ParsedEmail email, Report report) {
    String text = scanText(email.text());
    String originalId = report.returnedId();
    if (originalId == null) {
      originalId = firstMatch(MESSAGE_ID, text);
      if (originalId != null && originalId.equals(email.messageId())) {
        originalId = null;
      }
    }
    String recipient = report.statusRecipient();
    String status = report.statusCode();
    if (recipient == null) {
      recipient = email.header("X-Failed-Recipients").map(v -> firstMatch(ADDRESS, v)).orElse(null);
    }
    if (recipient == null) {
      recipient = recipientFromText(text, email);
    }
    if (status == null) {
      status = statusFromText(text);
    }
    return originalId == null && recipient == null && status == null ? null
        : new BounceInfo(originalId, recipient, status);
  }

  public static boolean bodyMatches(String text, Pattern pattern) {
    return pattern.matcher(scanText(text)).find();
  }

  private static String scanText(String text) {
    return text.length() > MAX_SCAN_CHARS ? text.substring(0, MAX_SCAN_CHARS) : text;
  }

  private record Recipient(String address, String action, String status) {
    boolean delivered() {
      return action.equals("delivered") || action.equals("relayed") || action.equals("expanded")
          || action.isEmpty() && status != null && status.startsWith("2.");
    }
  }

  /** RFC 3464: a per-message block, then one block per recipient, blocks separated by blank lines. */
  static List<Recipient> parseStatus(String report) {
    List<Recipient> result = new ArrayList<>();
    for (String block : BLANK_LINE.split(report.replace("\r\n", "\n"))) {
      String unfolded = FOLD.matcher(block).replaceAll(" ");
      String finalRecipient = null;
      String originalRecipient = null;
      String action = "";
      String status = null;
      for (String line : unfolded.split("\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        switch (name) {
          case "final-recipient" -> finalRecipient = addressOf(value);
          case "original-recipient" -> originalRecipient = addressOf(value);
          case "action" -> action = value.toLowerCase(Locale.ROOT).split("[\\s(]")[0];
          case "status" -> status = firstMatch(ENHANCED_STATUS, value);
          default -> { }
        }
      }
      String address = finalRecipient != null ? finalRecipient : originalRecipient;
      if (address != null || status != null) {
        result.add(new Recipient(address, action, status));
      }
    }
    return result;
  }

  private static String addressOf(String dsnValue) {
    int semi = dsnValue.indexOf(';');
    String address = (semi < 0 ? dsnValue : dsnValue.substring(semi + 1)).strip();
    address = address.replaceAll("^<|>$", "").strip();
    return address.isEmpty() ? null : address;
  }

  private static String recipientFromText(String text, ParsedEmail email) {
    Set<String> excluded = new HashSet<>();
    for (List<EmailAddress> list : List.of(email.to(), email.cc())) {
      list.forEach(a -> excluded.add(a.normalized()));
    }
    if (email.from() != null) {
      excluded.add(email.from().normalized());
    }
    Matcher m = ADDRESS.matcher(text);
    while (m.find()) {
      String candidate = m.group();
      String local = candidate.substring(0, candidate.lastIndexOf('@')).toLowerCase(Locale.ROOT);
      if (!excluded.contains(candidate.toLowerCase(Locale.ROOT)) && !NOT_RECIPIENTS.contains(local)) {
        return candidate;
      }
    }
    return null;
  }

  private static String statusFromText(String text) {
    String enhanced = firstMatch(ENHANCED_STATUS, text);
    if (enhanced != null) {
      return enhanced;
    }
    String reply = firstMatch(SMTP_REPLY, text);
    return reply == null ? null : reply.charAt(0) + ".0.0";
  }

  private static String firstMatch(Pattern pattern, String text) {
    if (text == null) {
      return null;
    }
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(m.groupCount() >= 1 ? 1 : 0) : null;
  }

  private static String headerBlock(String message) {
    String normalized = message.replace("\r\n", "\n");
    int end = normalized.indexOf("\n\n");
    return end < 0 ? normalized : normalized.substring(0, end);
  }

  private static String head(ParsedAttachment attachment) {
    if (attachment.content() == null) {
      return "";
    }
    try (InputStream in = attachment.content().openStream()) {
      return Charsets.sniff(in.readNBytes(MAX_REPORT_BYTES));
    } catch (IOException e) {
      return "";
    }
  }
}
