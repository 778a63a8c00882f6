package dev.switchboard.parser.internal;

import dev.switchboard.parser.EmailAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.field.address.LenientAddressParser;
import org.apache.james.mime4j.stream.ParserCursor;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * Address headers through mime4j's lenient parser: groups flattened, encoded display names decoded, internationalised
 * addresses (RFC 6532) kept as Unicode.
 */
public final class Addresses {
  /** A header with thousands of recipients is an attack or a mistake; the first ones are enough for a ticket. */
  static final int MAX_ADDRESSES = 500;

  /** A Q-encoded word with a raw comma or other address delimiter in it, as some clients write display names. */
  /** Every mail has addresses; the pattern is compiled once rather than per address. */
  private static final Pattern STRAY_EDGES = Pattern.compile("^[<>\\s]+|[<>.\\s]+$");
  private static final Pattern UNSAFE_Q_WORD = Pattern.compile("(?<![\"\\w])=\\?[^?\\s]{1,64}\\?[qQ]\\?[^?\\s\"]*[,;:<>@][^?\\s\"]*\\?=");

  private Addresses() {}

  public static List<EmailAddress> parse(String unfoldedRawValue, WarningCollector warnings) {
    List<EmailAddress> result = new ArrayList<>();
    if (unfoldedRawValue == null || unfoldedRawValue.isBlank()) {
      return result;
    }
    AddressList list;
    try {
      // the byte form, UTF-8 encoded: mime4j's parser reads RFC 6532 UTF-8 there, while its CharSequence overload
      // measures the cursor in chars and cuts non-ASCII addresses short
      // mime4j decodes display-name words itself: repair them first (broken words, wrong or unknown labels)
      String repaired = unfoldedRawValue.contains("=?") ? EncodedWords.repair(unfoldedRawValue, warnings)
          : unfoldedRawValue;
      ByteSequence bytes = ContentUtil.encode(StandardCharsets.UTF_8, quoteUnsafeWords(repaired));
      list = LenientAddressParser.DEFAULT.parseAddressList(bytes, new ParserCursor(0, bytes.length()));
    } catch (RuntimeException e) {
      warnings.add("address", "error=" + e.getClass().getSimpleName());
      return result;
    }
    for (Mailbox mailbox : list.flatten()) {
      if (result.size() >= MAX_ADDRESSES) {
        warnings.add("address-limit", "max=" + MAX_ADDRESSES);
        break;
      }
      String addr = address(mailbox, warnings);
      if (addr == null) {
        continue;
      }
      String name = mailbox.getName() == null ? null : Headers.decodeWords(mailbox.getName(), warnings);
      result.add(new EmailAddress(addr, name));
    }
    return result;
  }

  /** "=?utf-8?q?M=C3=BCller,_J=C3=B6rg?= <j@x>" is one address: the word is quoted so its comma separates nothing. */
  private static String quoteUnsafeWords(String value) {
    if (!value.contains("=?")) {
      return value;
    }
    Matcher m = UNSAFE_Q_WORD.matcher(value);
    return m.find() ? m.replaceAll(r -> Matcher.quoteReplacement("\"" + r.group() + "\"")) : value;
  }

  /**
   * The address as Unicode. Some clients RFC 2047-encode the local part or the whole address ({@code
   * =?utf-8?B?...?=@beispiel.de}), which RFC 2047 forbids but the sender meant as UTF-8: such words are decoded.
   */
  private static String address(Mailbox mailbox, WarningCollector warnings) {
    String addr = mailbox.getAddress();
    if (addr == null || addr.isBlank() || addr.equals("@")) {
      return null;
    }
    if (addr.contains("=?") && addr.contains("?=")) {
      String decoded = Headers.decodeWords(addr, warnings).replaceAll("\\s+", "");
      if (!decoded.equals(addr)) {
        warnings.add("encoded-address", "RFC 2047 word in an address decoded");
        addr = decoded;
      }
    }
    addr = Headers.clean(addr);
    String repaired = STRAY_EDGES.matcher(addr).replaceAll("");
    if (!repaired.equals(addr)) {
      // "jane@example.com." and a stray '>' come from hand-edited headers and broken scripts
      warnings.add("address-repaired", "trailing dot or stray angle bracket removed");
      addr = repaired;
    }
    return addr.isEmpty() || addr.equals("@") || addr.startsWith("@") || addr.endsWith("@") ? null : addr;
  }
}
