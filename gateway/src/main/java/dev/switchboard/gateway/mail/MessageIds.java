package dev.switchboard.gateway.mail;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Message-IDs for mail we send: unique, unguessable, and in our own mailbox's domain. */
public final class MessageIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private MessageIds() {}

  /** A new Message-ID without angle brackets, e.g. {@code sb.1042.9f2c...@example.com}. */
  public static String create(long ticketNumber, String fromAddress) {
    int at = fromAddress.lastIndexOf('@');
    String domain = at < 0 ? "switchboard.invalid" : fromAddress.substring(at + 1).toLowerCase(Locale.ROOT);
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return "sb." + ticketNumber + "." + HexFormat.of().formatHex(random) + "@" + domain;
  }
}
