package dev.switchboard.parser;

import java.util.Objects;

/** A problem met while parsing that did not stop the parse: a broken part degrades to one of these. */
public record ParseWarning(String code, String detail) {
  public ParseWarning {
    Objects.requireNonNull(code, "code");
    detail = detail == null ? "" : detail;
  }
}
