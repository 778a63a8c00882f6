package dev.switchboard.parser;

import java.util.Objects;

/** One header field of the top-level message, name as written and value unfolded and decoded. */
public record MailHeader(String name, String value) {
  public MailHeader {
    Objects.requireNonNull(name, "name");
    value = value == null ? "" : value;
  }
}
