package dev.switchboard.telephony;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Normalises the numbers Asterisk hands us (caller id, dialled number) so one caller is one contact whatever the trunk
 * wrote: {@code +44 20 7946 0958}, {@code 00442079460958} and {@code 020 7946 0958} (region GB) are all
 * {@code +442079460958}. Short all-digit numbers are our own extensions and stay as they are.
 */
public final class PhoneNumbers {

  /** What Asterisk and trunks write when the caller withheld the number. */
  private static final Set<String> WITHHELD =
      Set.of("<unknown>", "unknown", "anonymous", "restricted", "private", "unavailable", "withheld");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;
  private final int maxExtensionDigits;

  /**
   * @param defaultRegion ISO 3166 region for numbers written without a country code, e.g. {@code US}, {@code DE}
   * @param maxExtensionDigits all-digit numbers up to this length are extensions
   */
  public PhoneNumbers(String defaultRegion, int maxExtensionDigits) {
    Objects.requireNonNull(defaultRegion, "defaultRegion");
    String region = defaultRegion.trim().toUpperCase(Locale.ROOT);
    if (!util.getSupportedRegions().contains(region)) {
      throw new IllegalArgumentException("defaultRegion must be a supported ISO 3166 region code, was " + defaultRegion);
    }
    if (maxExtensionDigits < 1 || maxExtensionDigits > 10) {
      throw new IllegalArgumentException("maxExtensionDigits must be 1..10, was " + maxExtensionDigits);
    }
    this.defaultRegion = region;
    this.maxExtensionDigits = maxExtensionDigits;
  }

  /** What a raw number turned out to be; {@code raw} is always kept for display and audit. */
  public record Normalised(String raw, Kind kind, String value) {
    public Normalised {
      Objects.requireNonNull(kind, "kind");
      if ((kind == Kind.E164 || kind == Kind.EXTENSION) && value == null) {
        throw new IllegalArgumentException("value is required for " + kind);
      }
    }

    /** The E.164 form, when the number is a public phone number. */
    public Optional<String> e164() {
      return kind == Kind.E164 ? Optional.of(value) : Optional.empty();
    }
  }

  public enum Kind {
    /** A public number, {@code value} in E.164 ({@code +4930901820}). */
    E164,
    /** One of our extensions, {@code value} the digits ({@code 2001}). */
    EXTENSION,
    /** No number: absent or withheld. */
    WITHHELD,
    /** Something that is not a phone number libphonenumber accepts; only {@code raw} is known. */
    UNPARSEABLE
  }

  public Normalised normalise(String raw) {
    String trimmed = raw == null ? "" : raw.trim();
    if (trimmed.isEmpty() || WITHHELD.contains(trimmed.toLowerCase(Locale.ROOT))) {
      return new Normalised(raw, Kind.WITHHELD, null);
    }
    if (isExtension(trimmed, maxExtensionDigits)) {
      return new Normalised(raw, Kind.EXTENSION, trimmed);
    }
    try {
      PhoneNumber number = util.parse(trimmed, defaultRegion);
      if (util.isPossibleNumber(number)) {
        return new Normalised(raw, Kind.E164, util.format(number, PhoneNumberFormat.E164));
      }
    } catch (NumberParseException e) {
      // not a number libphonenumber understands: fall through and keep the raw text
    }
    return new Normalised(raw, Kind.UNPARSEABLE, null);
  }

  /** True for an all-digit number of at most {@code maxDigits} digits, i.e. an internal extension. */
  public static boolean isExtension(String number, int maxDigits) {
    if (number == null || number.isEmpty() || number.length() > maxDigits) {
      return false;
    }
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
