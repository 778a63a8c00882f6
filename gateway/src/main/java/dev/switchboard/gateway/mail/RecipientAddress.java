package dev.switchboard.gateway.mail;

import java.net.IDN;
import java.util.Objects;

/**
 * How one recipient address can go out over a given relay (RFC 6531/6532). A pure decision: an ASCII address goes as
 * it is; a non-ASCII one goes as it is when the relay offers SMTPUTF8; otherwise an internationalised domain goes as
 * punycode (IDNA), and a non-ASCII local part, which has no ASCII form, cannot be sent at all.
 *
 * @param address the address to put on the wire; null when unsendable
 * @param reason why it cannot be sent; null otherwise
 */
public record RecipientAddress(Form form, String address, String reason) {
  /** What the relay gets. */
  public enum Form {
    /** Plain ASCII, as stored. */
    ASCII,
    /** Unicode, over an SMTPUTF8 session with UTF-8 headers. */
    UTF8,
    /** The domain converted to punycode; the local part was ASCII already. */
    PUNYCODE,
    /** Nothing the relay would accept. */
    UNSENDABLE
  }

  public RecipientAddress {
    Objects.requireNonNull(form, "form");
    if ((form == Form.UNSENDABLE) != (address == null)) {
      throw new IllegalArgumentException("an unsendable address has a reason and no address, the others an address");
    }
  }

  public boolean needsSmtpUtf8() {
    return form == Form.UTF8;
  }

  public static RecipientAddress decide(String address, boolean relayOffersSmtpUtf8) {
    Objects.requireNonNull(address, "address");
    if (isAscii(address)) {
      return new RecipientAddress(Form.ASCII, address, null);
    }
    if (relayOffersSmtpUtf8) {
      return new RecipientAddress(Form.UTF8, address, null);
    }
    int at = address.lastIndexOf('@');
    String local = at < 0 ? address : address.substring(0, at);
    if (at < 0 || !isAscii(local)) {
      return unsendable(
          "the address " + address + " has a non-ASCII local part and the SMTP relay does not offer SMTPUTF8");
    }
    String unicodeDomain = address.substring(at + 1);
    if (unicodeDomain.codePoints().anyMatch(RecipientAddress::isIdnaDeviation)) {
      // java.net.IDN is IDNA2003, which maps straße to strasse: another domain than IDNA2008's xn--strae-oqa
      return unsendable("the domain of " + address + " has a character (such as ß) that IDNA2003 and IDNA2008 "
          + "convert differently, and the SMTP relay does not offer SMTPUTF8");
    }
    try {
      String domain = IDN.toASCII(unicodeDomain, IDN.ALLOW_UNASSIGNED);
      return new RecipientAddress(Form.PUNYCODE, local + "@" + domain, null);
    } catch (IllegalArgumentException e) {
      return unsendable("the domain of " + address + " is not a valid internationalised domain name");
    }
  }

  private static RecipientAddress unsendable(String reason) {
    return new RecipientAddress(Form.UNSENDABLE, null, reason);
  }

  /** The UTS #46 deviation characters: sharp s, final sigma, zero-width joiner and non-joiner. */
  private static boolean isIdnaDeviation(int c) {
    return c == 0x00DF || c == 0x03C2 || c == 0x200C || c == 0x200D;
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
