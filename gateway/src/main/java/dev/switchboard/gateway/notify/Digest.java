package dev.switchboard.gateway.notify;

import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.store.DigestTicket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The daily digest to one coordinator. Pure: the facts in, the mail text out, or nothing when no ticket needs them
 * (the counts alone are no reason to write). Each line names the ticket by its tag, {@code [#1042]}, so a mail client
 * links it to the ticket's thread and a reply by tag reaches the ticket.
 */
public final class Digest {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
  /** The priorities people know, in this order; others follow by name. */
  private static final List<String> PRIORITY_ORDER = List.of("critical", "high", "normal", "low");
  static final String WAITING = "waiting";
  static final String ON_HOLD = "on hold";

  private Digest() {}

  /**
   * @param coordinator the address it goes to
   * @param mailboxName the name it is signed with
   * @param day the day it is for, in {@code zone}
   * @param now when it is built: ages and lateness are counted to it
   * @param dueSoon a response due within this time is "due soon"
   * @param quietFor a waiting ticket without activity for this long is listed
   * @param tickets the coordinator's tickets that are not done, in any order
   */
  public record Facts(
      String coordinator, String mailboxName, LocalDate day, ZoneId zone, Instant now, Duration dueSoon,
      Duration quietFor, List<DigestTicket> tickets) {
    public Facts {
      Objects.requireNonNull(coordinator, "coordinator");
      Objects.requireNonNull(mailboxName, "mailboxName");
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(dueSoon, "dueSoon");
      Objects.requireNonNull(quietFor, "quietFor");
      tickets = List.copyOf(tickets);
    }
  }

  /** The mail: its subject and plain-text body. */
  public record Mail(String subject, String body) {
    public Mail {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(body, "body");
    }
  }

  public static Optional<Mail> build(Facts f, SubjectTag tag) {
    Comparator<DigestTicket> oldestFirst =
        Comparator.comparing(DigestTicket::createdAt).thenComparingLong(DigestTicket::number);
    Comparator<DigestTicket> soonestDue =
        Comparator.comparing(DigestTicket::dueAt).thenComparingLong(DigestTicket::number);
    List<DigestTicket> all = f.tickets().stream().sorted(oldestFirst).toList();
    Instant soon = f.now().plus(f.dueSoon());

    List<Section> sections = List.of(
        section("Awaiting first response (oldest first)", all, oldestFirst,
            t -> t.firstResponseAt() == null && !t.missedCall() && !isPaused(t),
            t -> t.priority() + ", " + age(Duration.between(t.createdAt(), f.now())) + " old, "
                + (t.assignee() == null ? "unassigned" : t.assignee()), tag),
        section("Response target missed", all, soonestDue,
            t -> t.dueAt() != null && !t.dueAt().isAfter(f.now()),
            t -> "due " + shown(t.dueAt(), f.zone()) + ", " + age(Duration.between(t.dueAt(), f.now())) + " late", tag),
        section("Response due soon (within " + age(f.dueSoon()) + ")", all, soonestDue,
            t -> t.dueAt() != null && t.dueAt().isAfter(f.now()) && !t.dueAt().isAfter(soon),
            t -> "due " + shown(t.dueAt(), f.zone()) + ", in " + age(Duration.between(f.now(), t.dueAt())), tag),
        section("Waiting for the requester, no activity for " + age(f.quietFor()), all, oldestFirst,
            t -> WAITING.equals(t.status()) && !t.lastActivityAt().isAfter(f.now().minus(f.quietFor())),
            t -> "last activity " + shown(t.lastActivityAt(), f.zone()), tag),
        section("On hold without a date", all, oldestFirst,
            t -> ON_HOLD.equals(t.status()) && !t.holdDated(),
            t -> "on hold since " + shown(t.lastActivityAt(), f.zone()), tag),
        section("Missed calls not called back", all, oldestFirst,
            t -> t.missedCall() && t.firstResponseAt() == null,
            t -> "called " + age(Duration.between(t.createdAt(), f.now())) + " ago", tag),
        section("Flagged", all, oldestFirst, DigestTicket::flagged, DigestTicket::attentionReason, tag));
    if (sections.stream().allMatch(s -> s.lines().isEmpty())) {
      return Optional.empty();
    }

    StringBuilder body = new StringBuilder();
    body.append("Daily digest for ").append(f.coordinator()).append(", ").append(DAY.format(f.day()))
        .append(" (").append(f.zone().getId()).append(")\n\n");
    body.append("Open tickets by priority: ").append(counts(all)).append('\n');
    for (Section s : sections) {
      if (s.lines().isEmpty()) {
        continue;
      }
      body.append('\n').append(s.title()).append(": ").append(s.lines().size()).append('\n');
      for (String line : s.lines()) {
        body.append(line).append('\n');
      }
    }
    body.append("\nReply to a ticket's mail to act on it; the tag in the subject finds the ticket.\n")
        .append("-- \n").append(f.mailboxName()).append("\nThis is an automatic message.\n");
    long needing = sections.stream().flatMap(s -> s.numbers().stream()).distinct().count();
    String subject = "Daily digest " + DAY.format(f.day()) + ": " + needing + (needing == 1 ? " ticket" : " tickets")
        + " to look at";
    return Optional.of(new Mail(subject, body.toString()));
  }

  private record Section(String title, List<String> lines, List<Long> numbers) {}

  private static Section section(
      String title, List<DigestTicket> all, Comparator<DigestTicket> order, Predicate<DigestTicket> which,
      Function<DigestTicket, String> detail, SubjectTag tag) {
    List<DigestTicket> chosen = all.stream().filter(which).sorted(order).toList();
    List<String> lines = new ArrayList<>();
    for (DigestTicket t : chosen) {
      lines.add("- " + tag.tag(t.number()) + " " + t.subject() + " (" + detail.apply(t) + ")");
    }
    return new Section(title, lines, chosen.stream().map(DigestTicket::number).toList());
  }

  /** The clock stops while waiting or on hold: such a ticket is not "awaiting a response" from a coordinator. */
  private static boolean isPaused(DigestTicket t) {
    return WAITING.equals(t.status()) || ON_HOLD.equals(t.status());
  }

  private static String counts(List<DigestTicket> all) {
    Map<String, Long> byPriority = new LinkedHashMap<>();
    PRIORITY_ORDER.forEach(p -> byPriority.put(p, 0L));
    all.stream().map(DigestTicket::priority).sorted().forEach(p -> byPriority.merge(p, 1L, Long::sum));
    List<String> parts = new ArrayList<>();
    byPriority.forEach((p, n) -> parts.add(p + " " + n));
    return String.join(", ", parts) + " (" + all.size() + " in all)";
  }

  private static String shown(Instant at, ZoneId zone) {
    return SHOWN.format(at.atZone(zone));
  }

  private static String age(Duration d) {
    return CoordinatorNotifier.age(d);
  }
}
