package dev.switchboard.gateway.intake;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a display name may be used in a greeting. The display name is whatever the sender typed, and our greeting
 * goes out from the help desk's own address: {@code Please reset your password now at https://evil.test/reset - IT}
 * must not be repeated there. A name is kept only when it looks like one: a letter, at most {@value #MAX_LENGTH}
 * characters, no control characters or line breaks, no {@code @}, nothing that reads as a link. Pure.
 */
public final class GreetingName {
  static final int MAX_LENGTH = 64;
  private static final Pattern LINK =
      Pattern.compile("(?i)(://|\\bwww\\.|\\b[a-z0-9-]+\\.(com|net|org|info|io|biz|ru|cn|xyz|top|test|link|click)\\b)");

  private GreetingName() {}

  /** The name, stripped, when it looks like a person's or a team's name; empty otherwise. */
  public static Optional<String> of(String displayName) {
    if (displayName == null) {
      return Optional.empty();
    }
    String name = displayName.strip();
    if (name.isEmpty() || name.length() > MAX_LENGTH || name.indexOf('@') >= 0 || LINK.matcher(name).find()) {
      return Optional.empty();
    }
    boolean letter = false;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.getType(c) == Character.FORMAT) {
        return Optional.empty();
      }
      letter |= Character.isLetter(c);
      i += Character.charCount(c);
    }
    return letter ? Optional.of(name) : Optional.empty();
  }

  /** The name for a template scope: the name when it may be used, else null (the template then greets neutrally). */
  public static String orNull(String displayName) {
    return of(displayName).orElse(null);
  }
}
