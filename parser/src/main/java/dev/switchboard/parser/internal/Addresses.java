package dev.switchboard.parser.internal;

import dev.switchboard.parser.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;

/** Address headers through mime4j's lenient parser: groups flattened, encoded display names decoded. */
public final class Addresses {
  /** A header with thousands of recipients is an attack or a mistake; the first ones are enough for a ticket. */
  static final int MAX_ADDRESSES = 500;
  private static final String DELIMITERS = "<>,;:\"()@";

  private Addresses() {}

  /**
   * Mime4j's address parser works on bytes and mangles non-ASCII characters (RFC 6532 UTF-8 headers, legacy 8-bit
   * names). Each non-ASCII phrase between address delimiters becomes one RFC 2047 word, which the parser passes
   * through and the display-name decoding turns back; one word per phrase because the spaces between adjacent
   * encoded words are dropped when decoding.
   */
  static String asciiOnly(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int segmentStart = 0;
    for (int i = 0; i <= value.length(); i++) {
      if (i == value.length() || DELIMITERS.indexOf(value.charAt(i)) >= 0) {
        appendSegment(value.substring(segmentStart, i), out);
        if (i < value.length()) {
          out.append(value.charAt(i));
        }
        segmentStart = i + 1;
      }
    }
    return out.toString();
  }

  private static void appendSegment(String segment, StringBuilder out) {
    if (segment.chars().allMatch(c -> c < 128)) {
      out.append(segment);
      return;
    }
    String core = segment.strip();
    int lead = segment.indexOf(core);
    out.append(segment, 0, lead)
        .append("=?UTF-8?B?").append(Base64.getEncoder().encodeToString(core.getBytes(StandardCharsets.UTF_8)))
        .append("?=")
        .append(segment.substring(lead + core.length()));
  }

  public static List<EmailAddress> parse(String unfoldedRawValue, WarningCollector warnings) {
    List<EmailAddress> result = new ArrayList<>();
    if (unfoldedRawValue == null || unfoldedRawValue.isBlank()) {
      return result;
    }
    AddressList list;
    try {
      list = LenientAddressParser.DEFAULT.parseAddressList(asciiOnly(unfoldedRawValue));
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
