package dev.switchboard.gateway.intake;

import java.util.regex.Pattern;

/**
 * The one subject each conversation about a ticket keeps, so Gmail, Outlook and Thunderbird show a single thread:
 * {@code Re: [#1042] Printer on floor 3 is jammed} in every mail to the requester (acknowledgment, relays, status
 * mails; the status is told in the body), {@code [#1042] Printer on floor 3 is jammed} in every notification to a
 * coordinator. Reply and forward prefixes of any language and the ticket's own tag are taken off the ticket's subject
 * first, so there is never a {@code Re: Re:}. Pure.
 */
public final class ThreadSubject {
  private static final int MAX = 998;
  /** Re, Fwd and their common translations, with counters like {@code Re[2]:} or {@code Re^2:}. */
  private static final Pattern PREFIX = Pattern.compile(
      "^\\s*(re|aw|antw|sv|vs|rif|fw|fwd|wg|tr|rv)(\\s*[\\[(^]?\\s*\\d+\\s*[\\])]?)?\\s*[:：]\\s*",
      Pattern.CASE_INSENSITIVE);

  private ThreadSubject() {}

  /** {@code Re: <tag> <subject>}: every mail to the requester and participants about the ticket. */
  public static String forRequester(SubjectTag tags, long number, String ticketSubject) {
    return limit("Re: " + tags.tag(number) + " " + clean(tags, number, ticketSubject));
  }

  /** {@code <tag> <subject>}: every notification to a coordinator about the ticket. */
  public static String forCoordinator(SubjectTag tags, long number, String ticketSubject) {
    return limit(tags.tag(number) + " " + clean(tags, number, ticketSubject));
  }

  /** The ticket's subject without reply prefixes and without this ticket's tag; "(no subject)" when nothing is left. */
  static String clean(SubjectTag tags, long number, String subject) {
    String s = subject == null ? "" : subject.replace(tags.tag(number), " ");
    String before;
    do {
      before = s;
      s = PREFIX.matcher(s).replaceFirst("");
    } while (!s.equals(before));
    s = s.replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? "(no subject)" : s;
  }

  private static String limit(String subject) {
    return subject.length() <= MAX ? subject : subject.substring(0, MAX);
  }
}
