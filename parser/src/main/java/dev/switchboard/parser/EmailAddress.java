package dev.switchboard.parser;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A mailbox address with its optional display name. The address is kept as written; {@link #normalized()} is for comparisons. */
public record EmailAddress(String address, String name) {
  /** Longer than this is a sentence or a slogan, not how a person signs. */
  public static final int MAX_PERSONAL_NAME_LENGTH = 64;
  /** A scheme, "www.", or a host name such as {@code evil.test/reset} or {@code example.com}. */
  private static final Pattern URL_LIKE = Pattern.compile(
      "(?i)[a-z][a-z0-9+.-]{1,20}:/|www\\.|[\\p{L}\\p{N}-]\\.(?-i:[a-z]{2,24}|xn--[a-z0-9-]+)(?:[/:?#]|\\b(?!\\.)|$)");
  /**
   * Controls, bidi overrides and isolates and other format characters: a name needs none of them, except the zero-width
   * (non-)joiners that Persian and Indic names are written with.
   */
  private static final Pattern UNSAFE_CHARACTER =
      Pattern.compile("[\\p{Cc}\\p{Cf}\\u2028\\u2029<>@&&[^\\u200C\\u200D]]");
  private static final Pattern LETTER = Pattern.compile("\\p{L}");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

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

  /**
   * The display name when it looks like a person's or a team's name, for greeting them: at least one letter, at most
   * {@value #MAX_PERSONAL_NAME_LENGTH} characters, and no URL or host name, no {@code @}, no {@code <>}, no line break
   * or other control or format character. Empty otherwise, so a name such as "Please reset your password at
   * https://evil.test/reset - IT" never reaches a greeting.
   */
  public Optional<String> plausiblePersonalName() {
    return plausiblePersonalName(name);
  }

  /** {@link #plausiblePersonalName()} for a display name stored apart from its address (a contact's name, say). */
  public static Optional<String> plausiblePersonalName(String displayName) {
    if (displayName == null || displayName.isBlank()) {
      return Optional.empty();
    }
    String candidate = displayName.strip();
    if (candidate.codePointCount(0, candidate.length()) > MAX_PERSONAL_NAME_LENGTH
        || UNSAFE_CHARACTER.matcher(candidate).find()
        || !LETTER.matcher(candidate).find()
        || URL_LIKE.matcher(candidate).find()) {
      return Optional.empty();
    }
    return Optional.of(WHITESPACE.matcher(candidate).replaceAll(" "));
  }

  /** The part before the last '@', as written. */
  public String localPart() {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : address.substring(0, at);
  }
}
