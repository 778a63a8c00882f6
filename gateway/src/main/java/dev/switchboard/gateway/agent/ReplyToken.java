package dev.switchboard.gateway.agent;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-ticket reply addresses: {@code support+t1042-3f9a0c1d2e4b5a69@example.com}. The tail is a truncated
 * HMAC-SHA256 over the mailbox address and the ticket number, so only the gateway can mint one, and one mailbox's
 * token does not open a ticket through another mailbox. Pure.
 *
 * <p>What a valid token proves: the sender has seen a mail we sent about that ticket (or was told the address by
 * someone who has). It does not prove who the sender is: the requester and the participants know it too.
 *
 * <p>A coordinator gets an address of their own, {@code support+c1042-<mac>@example.com}, whose MAC also covers the
 * coordinator's address. It is valid only in mail whose From is that coordinator, so the requester, who never sees it,
 * cannot use it to speak as a coordinator.
 */
public final class ReplyToken {
  /** 64 bits: guessing one token takes about 2^63 tries, each of them a mail we would log as forged. */
  static final int MAC_HEX_CHARS = 16;
  private static final String ALGORITHM = "HmacSHA256";
  /** {@code +t} the requester's address, {@code +c} a coordinator's own. */
  private static final Pattern LOCAL_TAIL =
      Pattern.compile("\\+([tc])(\\d{1,18})-([0-9a-f]+)", Pattern.CASE_INSENSITIVE);

  /** What the recipients of one mail say about reply tokens. */
  public sealed interface Match {
    /** No recipient is a reply address of this mailbox. */
    record None() implements Match {}

    /**
     * A recipient carries a valid token for this ticket number.
     *
     * @param coordinator whether it is the sender's own coordinator address, not the requester's
     */
    record Valid(long ticketNumber, String address, boolean coordinator) implements Match {
      public Valid(long ticketNumber, String address) {
        this(ticketNumber, address, false);
      }
    }

    /** A recipient looks like a reply address but its token does not verify. */
    record Forged(String address) implements Match {}
  }

  private final SecretKeySpec key;

  public ReplyToken(String secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length() < 16) {
      throw new IllegalArgumentException("a reply token secret needs at least 16 characters");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** The reply address for a ticket of the mailbox: local part, {@code +t<number>-<mac>}, domain. */
  public String address(String mailboxAddress, long ticketNumber) {
    int at = mailboxAddress.lastIndexOf('@');
    if (at < 1) {
      throw new IllegalArgumentException("not an address: " + mailboxAddress);
    }
    return mailboxAddress.substring(0, at) + "+t" + ticketNumber + "-" + mac(mailboxAddress, ticketNumber)
        + mailboxAddress.substring(at);
  }

  /** The reply address issued to one coordinator for a ticket: {@code +c<number>-<mac>}, the MAC over their address. */
  public String coordinatorAddress(String mailboxAddress, long ticketNumber, String coordinator) {
    int at = mailboxAddress.lastIndexOf('@');
    if (at < 1) {
      throw new IllegalArgumentException("not an address: " + mailboxAddress);
    }
    return mailboxAddress.substring(0, at) + "+c" + ticketNumber + "-"
        + coordinatorMac(mailboxAddress, ticketNumber, coordinator) + mailboxAddress.substring(at);
  }

  /** {@link #find(String, Collection, String)} for mail without a known sender: coordinator addresses never verify. */
  public Match find(String mailboxAddress, Collection<String> recipients) {
    return find(mailboxAddress, recipients, null);
  }

  /**
   * Looks for a reply address of {@code mailboxAddress} among the recipients (To, Cc, Delivered-To, X-Original-To
   * values). A valid token wins over a forged one, so a forwarded copy that also lists a broken address still threads;
   * the sender's own coordinator address wins over the requester's.
   *
   * @param sender the From address, against which coordinator addresses are checked; or null
   */
  public Match find(String mailboxAddress, Collection<String> recipients, String sender) {
    int at = mailboxAddress.lastIndexOf('@');
    String local = mailboxAddress.substring(0, Math.max(0, at)).toLowerCase(Locale.ROOT);
    String domain = mailboxAddress.substring(at + 1).toLowerCase(Locale.ROOT);
    Match result = new Match.None();
    for (String raw : recipients) {
      if (raw == null) {
        continue;
      }
      String candidate = raw.strip().toLowerCase(Locale.ROOT);
      if (candidate.startsWith("<") && candidate.endsWith(">")) {
        candidate = candidate.substring(1, candidate.length() - 1);
      }
      int cat = candidate.lastIndexOf('@');
      if (cat < 0 || !candidate.substring(cat + 1).equals(domain) || !candidate.startsWith(local + "+")) {
        continue;
      }
      Matcher m = LOCAL_TAIL.matcher(candidate.substring(local.length(), cat));
      if (!m.matches()) {
        continue;
      }
      long number;
      try {
        number = Long.parseLong(m.group(2));
      } catch (NumberFormatException e) {
        if (!(result instanceof Match.Valid)) {
          result = new Match.Forged(candidate);
        }
        continue;
      }
      boolean coordinator = m.group(1).equals("c");
      if (coordinator && sender == null) {
        if (!(result instanceof Match.Valid)) {
          result = new Match.Forged(candidate);
        }
        continue;
      }
      String mac = coordinator ? coordinatorMac(mailboxAddress, number, sender) : mac(mailboxAddress, number);
      byte[] expected = mac.getBytes(StandardCharsets.US_ASCII);
      byte[] given = m.group(3).getBytes(StandardCharsets.US_ASCII);
      // constant time: how far a guess matched must not show in how long the answer took
      if (MessageDigest.isEqual(expected, given)) {
        if (coordinator) {
          return new Match.Valid(number, candidate, true);
        }
        result = new Match.Valid(number, candidate);
      } else if (!(result instanceof Match.Valid)) {
        result = new Match.Forged(candidate);
      }
    }
    return result;
  }

  private String coordinatorMac(String mailboxAddress, long ticketNumber, String coordinator) {
    // a separate input shape, so no requester MAC is ever a coordinator MAC
    return hmac("coordinator\n" + mailboxAddress.toLowerCase(Locale.ROOT) + "\n" + ticketNumber + "\n"
        + coordinator.strip().toLowerCase(Locale.ROOT));
  }

  private String mac(String mailboxAddress, long ticketNumber) {
    return hmac(mailboxAddress.toLowerCase(Locale.ROOT) + "\n" + ticketNumber);
  }

  private String hmac(String input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, MAC_HEX_CHARS);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
