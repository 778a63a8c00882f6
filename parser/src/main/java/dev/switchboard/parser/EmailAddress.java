package dev.switchboard.parser;

import java.util.Locale;
import java.util.Objects;

/** A mailbox address with its optional display name. The address is kept as written; {@link #normalized()} is for comparisons. */
public record EmailAddress(String address, String name) {
  public EmailAddress {
    Objects.requireNonNull(address, "address");
    address = address.strip();
    if (address.isEmpty()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    name = name == null || name.isBlank() ? null : name.strip();
  }

  public static EmailAddress of(String address) {
    return new EmailAddress(address, null);
  }

  /** Lower-cased address, for matching senders against contacts and our own mailboxes. */
  public String normalized() {
    return address.toLowerCase(Locale.ROOT);
  }

  /** The part after the last '@', lower-cased; empty when there is none. */
  public String domain() {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /** The part before the last '@', as written. */
  public String localPart() {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }
}
