package dev.switchboard.gateway.notify;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.NotificationOptions;
import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.gateway.sla.ScheduledEventHandler;
import dev.switchboard.store.DigestRepository;
import dev.switchboard.store.DigestTicket;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.NotificationRepository;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the daily digest ({@code notifications.digestAt}). The digest is a {@code scheduled_event} of kind
 * {@code digest} about no ticket, due at the digest time of its day: the scheduler claims it with
 * {@code FOR UPDATE SKIP LOCKED}, so one instance runs it, and a restart finds it still due. Running it mails each
 * coordinator who wants digests and has something to look at ({@link Digest}), each once per day and mailbox (a
 * {@code notification} row, source {@code digest:<mailbox>:<day>}), and schedules the next day's, in the same
 * transaction.
 */
public final class DigestHandler implements ScheduledEventHandler {
  private static final Logger log = LoggerFactory.getLogger(DigestHandler.class);
  public static final String KIND = "digest";
  /** A response due within this time is listed as due soon: about a working day ahead of a morning digest. */
  static final Duration DUE_SOON = Duration.ofHours(8);
  /** A waiting ticket quiet for this long is listed: nothing happened since the last digest. */
  static final Duration QUIET_FOR = Duration.ofHours(24);

  private final NotificationOptions options;
  private final List<MailboxOptions> mailboxes;
  private final SubjectTag tag;
  private final ZoneId zone;
  private final List<String> doneStatuses;

  /**
   * @param zone the SLA time zone, in which {@code digestAt} and the digest's times are
   * @param doneStatuses statuses of tickets that need nothing more (resolved, closed, the spam status)
   */
  public DigestHandler(
      NotificationOptions options, List<MailboxOptions> mailboxes, SubjectTag tag, ZoneId zone,
      List<String> doneStatuses) {
    this.options = options;
    this.mailboxes = List.copyOf(mailboxes);
    this.tag = tag;
    this.zone = zone;
    this.doneStatuses = List.copyOf(doneStatuses);
  }

  /**
   * Makes sure the next digest is scheduled; call at start. Idempotent across instances: the digest of one day is one
   * row whoever schedules it. Does nothing when the digest is off.
   */
  public Future<Void> ensureScheduled(SqlClient client, Instant now) {
    if (options.digestAt() == null) {
      return Future.succeededFuture();
    }
    return new ScheduleRepository(client)
        .scheduleUnattached(ScheduledEventKind.DIGEST, "", next(now, options.digestAt(), zone))
        .mapEmpty();
  }

  /** The first digest time after {@code now}: today's if it is still to come, else tomorrow's (DST-proof). */
  static Instant next(Instant now, LocalTime at, ZoneId zone) {
    ZonedDateTime local = now.atZone(zone);
    ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), at, zone);
    return (today.toInstant().isAfter(now) ? today : ZonedDateTime.of(local.toLocalDate().plusDays(1), at, zone))
        .toInstant();
  }

  @Override
  public Future<Void> handle(SqlClient tx, ScheduledEvent event, Instant now) {
    if (event.kind() != ScheduledEventKind.DIGEST) {
      return Future.failedFuture(SwitchboardException.permanent("no handler for " + event.kind().wireName()));
    }
    if (options.digestAt() == null) {
      log.info("digest skipped, notifications.digestAt is off dueAt={}", event.dueAt());
      return Future.succeededFuture();
    }
    LocalDate day = event.dueAt().atZone(zone).toLocalDate();
    Future<Void> chain = Future.succeededFuture();
    for (MailboxOptions mailbox : mailboxes) {
      if (mailbox.agents().notificationRecipients().stream().anyMatch(c -> c.events().contains(NotificationEvent.DIGEST))) {
        chain = chain.compose(v -> mailbox(tx, mailbox, day, now));
      }
    }
    // the next one follows from the digest time, not from now: a late run does not move tomorrow's
    Instant following = ZonedDateTime.of(day.plusDays(1), options.digestAt(), zone).toInstant();
    return chain.compose(v -> new ScheduleRepository(tx)
        .scheduleUnattached(ScheduledEventKind.DIGEST, "", following.isAfter(now) ? following
            : next(now, options.digestAt(), zone))
        .mapEmpty());
  }

  private Future<Void> mailbox(SqlClient tx, MailboxOptions mailbox, LocalDate day, Instant now) {
    return new MailboxRepository(tx).findByName(mailbox.name()).compose(stored -> {
      if (stored == null) {
        return Future.succeededFuture();
      }
      return new DigestRepository(tx).openTickets(stored.id(), doneStatuses).compose(tickets -> {
        Future<Void> chain = Future.succeededFuture();
        for (NotificationPolicy.Coordinator c : mailbox.agents().notificationRecipients()) {
          if (!c.events().contains(NotificationEvent.DIGEST)) {
            continue;
          }
          List<DigestTicket> theirs = tickets.stream()
              .filter(t -> NotificationPolicy.recipients(NotificationEvent.DIGEST, t.assignee(),
                  mailbox.agents().notificationRecipients(), null).contains(c.address()))
              .toList();
          Digest.Facts facts = new Digest.Facts(c.address(), mailbox.displayName() == null ? mailbox.name()
              : mailbox.displayName(), day, zone, now, DUE_SOON, QUIET_FOR, theirs);
          chain = chain.compose(v -> Digest.build(facts, tag)
              .map(mail -> send(tx, stored.id(), mailbox, c.address(), day, mail))
              .orElseGet(() -> {
                log.debug("digest empty mailbox={} day={}", mailbox.name(), day);
                return Future.succeededFuture();
              }));
        }
        return chain;
      });
    });
  }

  private Future<Void> send(
      SqlClient tx, long mailboxId, MailboxOptions mailbox, String recipient, LocalDate day, Digest.Mail mail) {
    NotificationRepository notifications = new NotificationRepository(tx);
    String source = "digest:" + mailbox.name() + ":" + day;
    return notifications.claimUnattached(KIND, source, recipient).compose(id -> {
      if (id == null) {
        log.debug("digest already sent mailbox={} day={}", mailbox.name(), day);
        return Future.succeededFuture();
      }
      // about no ticket: the digest is a notification of its own, one fixed Message-ID per day and coordinator
      OutgoingMail out = OutgoingMail.builder(
              OutgoingMail.Kind.COORDINATOR_NOTIFICATION, mailboxId, mailbox.address())
          .fromName(mailbox.displayName())
          .messageId(messageId(mailbox.address(), recipient, day))
          .to(List.of(recipient))
          .subject(mail.subject())
          .header("X-Switchboard-Notification", KIND)
          .body(mail.body())
          .build();
      return new OutboxRepository(tx).enqueue(out.outboxRow())
          .compose(outboxId -> notifications.sent(id, outboxId))
          .onSuccess(v -> log.info("digest sent mailbox={} day={} notificationId={}", mailbox.name(), day, id));
    });
  }

  /** One fixed Message-ID per day, mailbox and coordinator: a re-send is recognisable; opaque about the address. */
  static String messageId(String mailboxAddress, String recipient, LocalDate day) {
    String domain = mailboxAddress.substring(mailboxAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (mailboxAddress.toLowerCase(Locale.ROOT) + "\n" + recipient.toLowerCase(Locale.ROOT))
              .getBytes(StandardCharsets.UTF_8));
      return CoordinatorNotifier.PREFIX + "digest." + day.toString().replace("-", "") + "."
          + HexFormat.of().formatHex(digest, 0, 8) + "@" + domain;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
