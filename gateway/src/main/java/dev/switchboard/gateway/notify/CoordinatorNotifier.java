package dev.switchboard.gateway.notify;

import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.config.HttpOptions;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.NotificationOptions;
import dev.switchboard.gateway.intake.MailboxContext;
import dev.switchboard.gateway.intake.ResponseTemplates;
import dev.switchboard.gateway.intake.ThreadSubject;
import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.store.AttachmentInfo;
import dev.switchboard.store.AttachmentRepository;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.NotificationRepository;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails coordinators about activity on a ticket, through the outbox, in the caller's transaction. Who is told is
 * {@link NotificationPolicy}'s decision; this class only claims each (ticket, event, source, recipient) once in the
 * {@code notification} table and enqueues the mail.
 *
 * <p>Each mail: From the mailbox, To the coordinator alone (the requester is never in To or Cc, so "Reply all" cannot
 * reach them), Reply-To the reply address issued to that coordinator for the ticket (their reply lands as a
 * coordinator's reply), one subject per ticket, and one Message-ID chain per ticket and coordinator: the first
 * notification's Message-ID is a deterministic root that every later one names in In-Reply-To and References.
 * Notifications are not on the ticket's conversation, so mail to the requester never references them.
 */
public final class CoordinatorNotifier implements Notifier {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorNotifier.class);
  public static final String KIND = "notification";
  public static final String TEMPLATE = "coordinator-notification";
  static final String PREFIX = "sb.n.";
  private static final String RAW_SOURCE = "raw:";
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

  private final TicketDesk desk;
  private final NotificationOptions options;
  private final HttpOptions http;
  private final Clock clock;
  private final boolean anyone;
  private ResponseClock responseClock = ResponseClock.OFF;
  private ZoneId zone = ZoneOffset.UTC;

  /** @param mailboxes the configured mailboxes: when none has a coordinator to notify, nothing is even looked up */
  public CoordinatorNotifier(
      TicketDesk desk, NotificationOptions options, HttpOptions http, List<MailboxOptions> mailboxes, Clock clock) {
    this.desk = desk;
    this.anyone = mailboxes.stream().anyMatch(m -> !m.agents().notificationRecipients().isEmpty());
    this.options = options;
    this.http = http;
    this.clock = clock;
  }

  /**
   * Shows the ticket's response due time in each notification, computed from the ticket as it is in the notifying
   * transaction, in {@code zone} (the SLA time zone). Call once, before deploying.
   */
  public CoordinatorNotifier dueTimesFrom(ResponseClock responseClock, ZoneId zone) {
    this.responseClock = responseClock;
    this.zone = zone;
    return this;
  }

  @Override
  public Future<Void> notify(SqlClient tx, TicketActivity activity) {
    return notifyAll(tx, List.of(activity));
  }

  /**
   * Tells the coordinators about all these activities with a handful of statements in all, however many there are:
   * the tickets, their files and their due times are read side by side, every recipient's notification is claimed with
   * one statement and the mails are enqueued with one more. The intake tells a whole group's activity this way when it
   * flushes the group, where one by one each mail cost several dependent round trips per coordinator.
   */
  @Override
  public Future<Void> notifyAll(SqlClient tx, List<TicketActivity> activities) {
    return notifyAll(tx, activities, Map.of());
  }

  @Override
  public Future<Void> notifyAll(
      SqlClient tx, List<TicketActivity> activities, Map<Long, ResponseClock.Due> dueNow) {
    if (!anyone || activities.isEmpty()) {
      return Future.succeededFuture();
    }
    return tell(tx, activities, (mailbox, ticket, activity) -> NotificationPolicy.recipients(
        activity.event(), ticket.assignee(), mailbox.options().agents().notificationRecipients(), activity.actor()),
        true, dueNow);
  }

  @Override
  public Future<Void> escalate(SqlClient tx, TicketActivity activity, List<String> addresses) {
    if (addresses.isEmpty()) {
      return Future.succeededFuture();
    }
    return tell(tx, List.of(activity), (mailbox, ticket, a) -> addresses, false, Map.of());
  }

  /** Who is told of an activity on a ticket of a mailbox. */
  @FunctionalInterface
  private interface Recipients {
    List<String> of(MailboxContext mailbox, Ticket ticket, TicketActivity activity);
  }

  /** One activity to tell one recipient, as the ticket is in the notifying transaction. */
  private record Pending(
      TicketActivity activity, Ticket ticket, MailboxContext mailbox, String recipient,
      NotificationRepository.Claim claim) {}

  /**
   * @param coordinator whether the recipients are coordinators, who get a reply address for the ticket
   * @param dueNow due times the caller computed in this transaction; the other tickets' are computed here
   */
  private Future<Void> tell(
      SqlClient tx, List<TicketActivity> activities, Recipients recipients, boolean coordinator,
      Map<Long, ResponseClock.Due> dueNow) {
    Set<Long> ticketIds =
        activities.stream().map(TicketActivity::ticketId).collect(Collectors.toCollection(LinkedHashSet::new));
    Future<Map<Long, Ticket>> tickets = new TicketRepository(tx).findAll(ticketIds);
    Future<Map<Long, List<AttachmentInfo>>> files = files(tx, activities);
    Set<Long> unknown = new LinkedHashSet<>(ticketIds);
    unknown.removeAll(dueNow.keySet());
    Future<Map<Long, ResponseClock.Due>> dues = responseClock.peekAll(tx, unknown).map(peeked -> {
      Map<Long, ResponseClock.Due> all = new HashMap<>(dueNow);
      all.putAll(peeked);
      return all;
    });
    return Future.all(tickets, files, dues)
        .compose(v -> mailboxes(tx, tickets.result().values()))
        .compose(mailboxes -> {
          List<Pending> pending = new ArrayList<>();
          for (TicketActivity activity : activities) {
            Ticket ticket = tickets.result().get(activity.ticketId());
            MailboxContext mailbox = ticket == null ? null : mailboxes.get(ticket.mailboxId());
            if (mailbox == null) {
              continue;
            }
            for (String recipient : recipients.of(mailbox, ticket, activity)) {
              pending.add(new Pending(activity, ticket, mailbox, recipient, new NotificationRepository.Claim(
                  ticket.id(), activity.event().wireName(), activity.sourceKey(), recipient)));
            }
          }
          return new NotificationRepository(tx)
              .claimAll(pending.stream().map(Pending::claim).toList())
              .compose(claims -> enqueue(tx, pending, new HashMap<>(claims), files.result(), dues.result(),
                  coordinator));
        });
  }

  private Future<Void> enqueue(
      SqlClient tx, List<Pending> pending, Map<NotificationRepository.Claim, NotificationRepository.Claimed> claims,
      Map<Long, List<AttachmentInfo>> files, Map<Long, ResponseClock.Due> dues, boolean coordinator) {
    List<OutboxRepository.NotificationMail> mails = new ArrayList<>();
    List<Told> told = new ArrayList<>();
    // what an activity's mail says does not depend on its recipient: rendered once, sent to each coordinator
    Map<TicketActivity, ResponseTemplates.Rendered> bodies = new IdentityHashMap<>();
    for (Pending p : pending) {
      // removed as it is used: the same claim twice in one call is one mail
      NotificationRepository.Claimed claimed = claims.remove(p.claim());
      if (claimed == null) {
        log.debug("notification already sent ticket={} event={} source={}", p.ticket().number(),
            p.activity().event().wireName(), p.activity().sourceKey());
        continue;
      }
      AttachmentSelection selection = selection(files, p.activity());
      ResponseTemplates.Rendered rendered = bodies.computeIfAbsent(p.activity(), a -> desk.templates().render(
          p.mailbox().options().templatesDirectory(), TEMPLATE,
          scope(p.mailbox(), p.ticket(), a, selection, dues.get(p.ticket().id()))));
      mails.add(new OutboxRepository.NotificationMail(claimed.outboxId(),
          mail(p.mailbox(), p.ticket(), p.activity(), p.recipient(), claimed.id(), claimed.first(), coordinator,
              rendered),
          selection.attachedIds()));
      told.add(new Told(p, claimed.id()));
    }
    return new OutboxRepository(tx).enqueueNotifications(mails)
        .onSuccess(v -> told.forEach(t -> log.info(
            "coordinator notified ticket={} mailbox={} event={} notificationId={}", t.pending().ticket().number(),
            t.pending().mailbox().name(), t.pending().activity().event().wireName(), t.notificationId())));
  }

  /** A notification whose mail was enqueued, for the log. */
  private record Told(Pending pending, long notificationId) {}

  /** The mailboxes of these tickets, by id; a ticket of no configured mailbox has none. */
  private Future<Map<Long, MailboxContext>> mailboxes(SqlClient tx, Collection<Ticket> tickets) {
    Map<Long, Ticket> oneEach = new HashMap<>();
    tickets.stream().filter(t -> t.mailboxId() != null).forEach(t -> oneEach.putIfAbsent(t.mailboxId(), t));
    List<Future<MailboxContext>> found = oneEach.values().stream().map(t -> desk.mailboxOf(tx, t)).toList();
    return Future.all(found).map(v -> {
      Map<Long, MailboxContext> byId = new HashMap<>();
      found.forEach(f -> {
        if (f.result() != null) {
          byId.put(f.result().id(), f.result());
        }
      });
      return byId;
    });
  }

  /**
   * The stored files of the mails behind these activities (a requester's mail, a voicemail with its recording), by raw
   * message: a notification carries them by reference, streamed by the sender, never copied here.
   */
  private Future<Map<Long, List<AttachmentInfo>>> files(SqlClient tx, List<TicketActivity> activities) {
    if (options.attachMaxBytes() == 0) {
      return Future.succeededFuture(Map.of());
    }
    List<Long> rawIds =
        activities.stream().map(CoordinatorNotifier::rawId).filter(Objects::nonNull).distinct().toList();
    return new AttachmentRepository(tx).byRawMessages(rawIds);
  }

  /** Which of its mail's files an activity's notification carries. */
  private AttachmentSelection selection(Map<Long, List<AttachmentInfo>> files, TicketActivity activity) {
    Long rawId = rawId(activity);
    if (rawId == null || options.attachMaxBytes() == 0) {
      return AttachmentSelection.NONE;
    }
    return AttachmentSelection.choose(files.getOrDefault(rawId, List.of()), options.attachMaxBytes());
  }

  /** The raw message an activity is about ({@code raw:<id>}), or null. */
  private static Long rawId(TicketActivity activity) {
    if (!activity.sourceKey().startsWith(RAW_SOURCE)) {
      return null;
    }
    try {
      return Long.parseLong(activity.sourceKey().substring(RAW_SOURCE.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private NewOutboxMail mail(
      MailboxContext mailbox, Ticket ticket, TicketActivity activity, String recipient, long id, long first,
      boolean coordinator, ResponseTemplates.Rendered rendered) {
    String address = mailbox.options().address();
    // per ticket and coordinator one thread: the first notification is its root, every later one answers the root
    String root = rootMessageId(address, ticket.number(), recipient);
    String messageId = id == first ? root : root.replace("@", "." + id + "@");
    OutgoingMail.Builder notification = OutgoingMail.builder(
            OutgoingMail.Kind.COORDINATOR_NOTIFICATION, mailbox.id(), address)
        .fromName(mailbox.options().displayName())
        .ticket(ticket.id(), ticket.number())
        .messageId(messageId)
        .to(List.of(recipient))
        .subject(ThreadSubject.forCoordinator(desk.subjectTag(), ticket.number(), ticket.subject()))
        .header("X-Switchboard-Notification", activity.event().wireName())
        .headers(coordinator ? desk.coordinatorReplyHeaders(mailbox, ticket.number(), recipient) : new JsonObject())
        .body(rendered.body());
    if (!messageId.equals(root)) {
      notification.answering(root, List.of());
    }
    return notification.build().outboxRow();
  }

  private Map<String, Object> scope(
      MailboxContext mailbox, Ticket ticket, TicketActivity activity, AttachmentSelection files,
      ResponseClock.Due due) {
    Map<String, Object> scope = desk.scope(mailbox, ticket);
    scope.put("event", activity.event().wireName());
    scope.put("headline", activity.event().headline());
    scope.put("text", activity.text().isBlank() ? null : activity.text().strip());
    scope.put("who", activity.who() == null ? "unknown" : activity.who());
    scope.put("channel", activity.channel());
    scope.put("assignee", ticket.assignee() == null ? "unassigned" : ticket.assignee());
    scope.put("hasAttachments", !activity.attachments().isEmpty());
    scope.put("attachments", activity.attachments());
    scope.put("notAttached", files.listedOnly().isEmpty() ? null
        : files.listedOnly().stream().map(f -> f.filename() + " (" + Text.bytes(f.size()) + ")")
            .collect(Collectors.joining(", ")));
    scope.put("attachLimit", Text.bytes(options.attachMaxBytes()));
    scope.put("flagged", ticket.needsAttention() ? ticket.attentionReason() : null);
    scope.put("age", ticket.createdAt() == null ? "new"
        : age(Duration.between(ticket.createdAt().toInstant(), clock.instant())));
    scope.put("url", options.ticketUrl(http, ticket.number()));
    scope.put("responseDue", due == null ? null : dueLine(due));
    return scope;
  }

  /** "first response by Fri 2026-12-04 14:00 Europe/Berlin (in 3 h 10 min)", or null when nothing is due. */
  private String dueLine(ResponseClock.Due due) {
    boolean first = due.firstResponseDue() != null;
    Instant at = first ? due.firstResponseDue() : due.nextResponseDue();
    if (at == null) {
      return null;
    }
    Instant now = responseClock.now();
    String when = at.isAfter(now) ? "in " + age(Duration.between(now, at)) : age(Duration.between(at, now)) + " late";
    return (first ? "first response by " : "next response by ") + SHOWN.format(at.atZone(zone)) + " " + zone.getId()
        + " (" + when + ")";
  }

  /** Whether a Message-ID is one of ours on a notification (whose bounce or failure must not notify again). */
  public static boolean isNotification(String messageId) {
    return messageId != null && messageId.replaceFirst("^<", "").startsWith(PREFIX);
  }

  /** How old a ticket is, as people say it: "under a minute", "42 min", "3 h 5 min", "2 d 4 h". */
  static String age(Duration d) {
    long minutes = Math.max(0, d.toMinutes());
    if (minutes < 1) {
      return "under a minute";
    }
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return hours + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
    }
    return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
  }

  /**
   * The Message-ID at the root of one coordinator's thread about a ticket: the same for every notification, so a
   * restart or a replay does not start a second thread, and opaque, so it does not show the coordinator's address.
   */
  public static String rootMessageId(String mailboxAddress, long ticketNumber, String recipient) {
    String domain = mailboxAddress.substring(mailboxAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (mailboxAddress.toLowerCase(Locale.ROOT) + "\n" + recipient.toLowerCase(Locale.ROOT))
              .getBytes(StandardCharsets.UTF_8));
      return PREFIX + ticketNumber + "." + HexFormat.of().formatHex(digest, 0, 8) + "@" + domain;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
