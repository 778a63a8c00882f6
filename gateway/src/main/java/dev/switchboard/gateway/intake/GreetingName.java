package dev.switchboard.gateway.intake;

import dev.switchboard.parser.EmailAddress;
import java.util.Optional;

/**
 * Whether a display name may be used in a greeting. The display name is whatever the sender typed, and our greeting
 * goes out from the help desk's own address: {@code Please reset your password now at https://evil.test/reset - IT}
 * must not be repeated there. The rule is the parser's {@link EmailAddress#plausiblePersonalName(String)}: a letter,
 * at most {@value #MAX_LENGTH} characters, no control, format or line-break characters, no {@code @}, nothing that reads
 * as a link. Pure.
 */
public final class GreetingName {
  static final int MAX_LENGTH = EmailAddress.MAX_PERSONAL_NAME_LENGTH;

  private GreetingName() {}

  /** The name, stripped, when it looks like a person's or a team's name; empty otherwise. */
  public static Optional<String> of(String displayName) {
    return EmailAddress.plausiblePersonalName(displayName);
  }

  /** The name for a template scope: the name when it may be used, else null (the template then greets neutrally). */
  public static String orNull(String displayName) {
    return of(displayName).orElse(null);
  }
}
