package dev.switchboard.parser.internal;

import dev.switchboard.parser.EmailAddress;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/** Address headers through mime4j's lenient parser: groups flattened, encoded display names decoded. */
public final class Addresses {
  /** A header with thousands of recipients is an attack or a mistake; the first ones are enough for a ticket. */
  static final int MAX_ADDRESSES = 500;

  private Addresses() {}

  public static List<EmailAddress> parse(String unfoldedRawValue, WarningCollector warnings) {
    List<EmailAddress> result = new ArrayList<>();
    if (unfoldedRawValue == null || unfoldedRawValue.isBlank()) {
      return result;
    }
    AddressList list;
    try {
      list = LenientAddressParser.DEFAULT.parseAddressList(unfoldedRawValue);
    } catch (RuntimeException e) {
      warnings.add("address", "error=" + e.getClass().getSimpleName());
      return result;
    }
    for (Mailbox mailbox : list.flatten()) {
      if (result.size() >= MAX_ADDRESSES) {
        warnings.add("address-limit", "max=" + MAX_ADDRESSES);
        break;
      }
      String addr = mailbox.getAddress();
      if (addr == null || addr.isBlank() || addr.equals("@")) {
        continue;
      }
      String name = mailbox.getName() == null ? null : Headers.decodeWords(mailbox.getName(), warnings);
      result.add(new EmailAddress(addr, name));
    }
    return result;
  }
}
