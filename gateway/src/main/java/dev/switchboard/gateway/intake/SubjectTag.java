package dev.switchboard.gateway.intake;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ticket tag in subjects, e.g. {@code [#1042]} for the format {@code [#{number}]}. Pure: formats a number into a
 * subject and finds one in a subject, however mail clients mangled the rest ("Re: AW: Fwd:").
 */
public final class SubjectTag {
  private final String format;
  private final Pattern pattern;

  public SubjectTag(String format) {
    int at = format.indexOf("{number}");
    if (at < 0) {
      throw new IllegalArgumentException("subject tag format must contain {number}: " + format);
    }
    this.format = format;
    String before = format.substring(0, at);
    String after = format.substring(at + "{number}".length());
    this.pattern =
        Pattern.compile(Pattern.quote(before) + "\\s*(\\d{1,18})\\s*" + Pattern.quote(after), Pattern.CASE_INSENSITIVE);
  }

  public String tag(long number) {
    return format.replace("{number}", Long.toString(number));
  }

  /** The subject without this ticket's tag (exactly as we write it), stripped. */
  public String strip(String subject, long number) {
    return subject.replace(tag(number), "").strip();
  }

  /** The ticket number in the subject, if it carries a tag; the last tag wins when a subject has several. */
  public OptionalLong find(String subject) {
    if (subject == null) {
      return OptionalLong.empty();
    }
    Matcher m = pattern.matcher(subject);
    long found = -1;
    while (m.find()) {
      try {
        found = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        // more digits than a ticket number can have: not our tag
      }
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /** The subject with this ticket's tag, added once: a reply to our mail keeps the tag it already carries. */
  public String apply(long number, String subject) {
    String clean = subject == null || subject.isBlank() ? "(no subject)" : subject.strip();
    OptionalLong existing = find(clean);
    if (existing.isPresent() && existing.getAsLong() == number) {
      return clean;
    }
    return tag(number) + " " + clean;
  }
}
