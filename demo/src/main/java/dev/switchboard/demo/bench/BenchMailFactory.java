package dev.switchboard.demo.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

/**
 * Generates support mail of a realistic size and shape: plain and multipart/alternative bodies of a few kilobytes,
 * Received and DKIM headers like real mail carries, one in ten with a PDF-sized attachment, and one in five a reply
 * that threads to an earlier mail. Seeded, so runs are comparable.
 */
final class BenchMailFactory {
  private static final String[] TOPICS = {
    "Printer on floor 3 jammed", "VPN disconnects every few minutes", "New laptop for onboarding",
    "Password reset for SAP", "Outlook keeps asking for my password", "Monitor flickering",
    "Access to the finance share", "Teams camera not detected", "Phone extension not working",
  };
  private static final String LOREM =
      "We noticed the problem this morning after the update. It happens on every machine in the team and "
          + "we already tried restarting. Could you please have a look as soon as possible? ";

  private final Random random;
  private final String to;

  BenchMailFactory(long seed, String to) {
    this.random = new Random(seed);
    this.to = to;
  }

  /** A new request (a reply to nothing). */
  byte[] request(int i) {
    return build(i, i, TOPICS[i % TOPICS.length], null);
  }

  /**
   * The requester of an earlier request writing again, threaded to it by Message-ID. (From someone else, the reply
   * would be a stranger's mail: kept and flagged, a different path from the follow-up a help desk mostly sees.)
   */
  byte[] reply(int i, int parent) {
    return build(i, parent, "Re: " + TOPICS[parent % TOPICS.length], messageId(parent));
  }

  static String messageId(int i) {
    return "bench-" + i + "@mail.bench.test";
  }

  static String requester(int i) {
    return "user" + i + "@bench.test";
  }

  private byte[] build(int i, int sender, String subject, String inReplyTo) {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now());
    StringBuilder sb = new StringBuilder(8192);
    sb.append("Return-Path: <").append(requester(sender)).append(">\r\n");
    sb.append("Received: from mail.bench.test (mail.bench.test [192.0.2.10])\r\n\tby mx.example.com with ESMTPS id ")
        .append(Integer.toHexString(random.nextInt())).append("\r\n\tfor <").append(to).append(">; ").append(date)
        .append("\r\n");
    sb.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=bench.test; s=s1; h=from:to:subject:date;\r\n")
        .append("\tbh=").append(Base64.getEncoder().encodeToString(bytes(32))).append(";\r\n\tb=")
        .append(Base64.getEncoder().encodeToString(bytes(128))).append("\r\n");
    sb.append("From: User ").append(sender).append(" <").append(requester(sender)).append(">\r\n");
    sb.append("To: IT Support <").append(to).append(">\r\n");
    sb.append("Subject: ").append(subject).append("\r\n");
    sb.append("Date: ").append(date).append("\r\n");
    sb.append("Message-ID: <").append(messageId(i)).append(">\r\n");
    if (inReplyTo != null) {
      sb.append("In-Reply-To: <").append(inReplyTo).append(">\r\nReferences: <").append(inReplyTo).append(">\r\n");
    }
    sb.append("MIME-Version: 1.0\r\n");
    String text = body(i);
    boolean attachment = i % 10 == 3;
    boolean html = i % 2 == 0;
    if (!attachment && !html) {
      sb.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").append(text);
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
    String outer = "outer-" + i;
    String alt = "alt-" + i;
    sb.append("Content-Type: multipart/").append(attachment ? "mixed" : "alternative").append("; boundary=\"")
        .append(attachment ? outer : alt).append("\"\r\n\r\n");
    if (attachment) {
      sb.append("--").append(outer).append("\r\nContent-Type: multipart/alternative; boundary=\"").append(alt)
          .append("\"\r\n\r\n");
    }
    sb.append("--").append(alt).append("\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n").append(text).append("\r\n");
    sb.append("--").append(alt).append("\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n<html><body><p>")
        .append(text.replace("\r\n\r\n", "</p><p>")).append("</p></body></html>\r\n");
    sb.append("--").append(alt).append("--\r\n");
    if (attachment) {
      sb.append("--").append(outer).append(
          "\r\nContent-Type: application/pdf; name=\"screenshot.pdf\"\r\nContent-Disposition: attachment; "
              + "filename=\"screenshot.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
      String b64 = Base64.getMimeEncoder().encodeToString(bytes(48 * 1024));
      sb.append(b64).append("\r\n--").append(outer).append("--\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private String body(int i) {
    StringBuilder b = new StringBuilder("Hello IT,\r\n\r\n");
    int paragraphs = 2 + random.nextInt(8);
    for (int p = 0; p < paragraphs; p++) {
      b.append(LOREM.repeat(1 + random.nextInt(4))).append("\r\n\r\n");
    }
    b.append("Thanks,\r\nUser ").append(i).append("\r\n");
    return b.toString().toLowerCase(Locale.ROOT).replace("hello it", "Hello IT");
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
