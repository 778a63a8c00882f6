package dev.switchboard.gateway.agent;

import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.TicketOptions;
import dev.switchboard.gateway.intake.GreetingName;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.gateway.intake.MailboxContext;
import dev.switchboard.gateway.intake.ResponseTemplates;
import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.gateway.intake.ThreadSubject;
import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.Participant;
import dev.switchboard.store.ParticipantRepository;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import dev.switchboard.gateway.sla.BusinessCalendar;
import dev.switchboard.gateway.sla.TicketTimers;
import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEventKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to a ticket and the mail they send, the same whether a coordinator's command or the HTTP API asked: status,
 * priority and assignee with an audit event per change and the actor; the status-update mail to the requester and the
 * participants; mail to the requester threaded under the conversation. Runs inside the caller's transaction.
 */
public final class TicketDesk {
  private ResponseClock responseClock = ResponseClock.OFF;
  private BusinessCalendar timerCalendar = BusinessCalendar.alwaysOpen(ZoneId.of("UTC"));
  public static final String WAITING_REMINDER = "waiting-reminder";
  private static final Logger log = LoggerFactory.getLogger(TicketDesk.class);
  public static final String STATUS_UPDATE = "status-update";

  /**
   * What to change; null leaves a field as it is.
   *
   * @param assigneeGiven whether {@code assignee} is meant (null then unassigns)
   */
  public record Change(String status, String priority, boolean assigneeGiven, String assignee, LocalDate holdUntil) {
    public static final Change NONE = new Change(null, null, false, null);

    public Change(String status, String priority, boolean assigneeGiven, String assignee) {
      this(status, priority, assigneeGiven, assignee, null);
    }

    public static Change status(String status) {
      return new Change(status, null, false, null);
    }
  }

  /** The ticket before and after a change, and whether a status-update mail was queued. */
  public record Changed(Ticket before, Ticket after, boolean mailQueued) {
    public boolean statusChanged() {
      return !before.status().equals(after.status());
    }
  }

  private final TicketOptions options;
  private final SubjectTag subjectTag;
  private final ResponseTemplates templates;
  private final ReplyToken tokens;
  private final Set<String> ownAddresses;
  private final Map<String, MailboxOptions> mailboxes;
  /** A mailbox row's id never names another mailbox: what was found once is not read again. */
  private final Map<Long, MailboxContext> mailboxById = new ConcurrentHashMap<>();

  /** @param tokens per-ticket reply addresses, or null when no secret is configured */
  public TicketDesk(
      TicketOptions options, SubjectTag subjectTag, ResponseTemplates templates, ReplyToken tokens,
      Set<String> ownAddresses, List<MailboxOptions> mailboxes) {
    this.options = options;
    this.subjectTag = subjectTag;
    this.templates = templates;
    this.tokens = tokens;
    this.ownAddresses = Set.copyOf(ownAddresses);
    this.mailboxes = mailboxes.stream().collect(Collectors.toUnmodifiableMap(MailboxOptions::name, Function.identity()));
  }

  public TicketOptions options() {
    return options;
  }

  public SubjectTag subjectTag() {
    return subjectTag;
  }

  public ResponseTemplates templates() {
    return templates;
  }

  /** Template name for mail about a status: {@code status-on-hold} for "on hold". */
  public static String templateFor(String status) {
    return "status-" + status.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-");
  }

  /** The template a status-update mail uses: its own when there is one, else the generic {@code status-update}. */
  public String statusTemplate(String mailboxDirectory, String status) {
    String own = templateFor(status);
    return templates.has(mailboxDirectory, own) ? own : STATUS_UPDATE;
  }

  /** Headers for mail about a ticket: Reply-To with the ticket's reply address when the mailbox uses them. */
  public JsonObject replyHeaders(MailboxContext mailbox, long ticketNumber) {
    JsonObject headers = new JsonObject();
    if (tokens != null && mailbox.options().replyTokens()) {
      headers.put("Reply-To", tokens.address(mailbox.options().address(), ticketNumber));
    }
    return headers;
  }

  /**
   * Headers for mail to a coordinator about a ticket: Reply-To with the reply address issued to that coordinator, which
   * authenticates their answer when DKIM and SPF cannot (and the requester never sees it).
   */
  public JsonObject coordinatorReplyHeaders(MailboxContext mailbox, long ticketNumber, String coordinator) {
    JsonObject headers = new JsonObject();
    if (tokens != null && mailbox.options().replyTokens()) {
      headers.put("Reply-To", tokens.coordinatorAddress(mailbox.options().address(), ticketNumber, coordinator));
    }
    return headers;
  }

  /** The configured mailbox a ticket came in through, or null (a phone ticket, or a mailbox no longer configured). */
  public Future<MailboxContext> mailboxOf(SqlClient tx, Ticket ticket) {
    if (ticket.mailboxId() == null) {
      return Future.succeededFuture();
    }
    MailboxContext known = mailboxById.get(ticket.mailboxId());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return new MailboxRepository(tx)
        .find(ticket.mailboxId())
        .map(m -> {
          if (m == null || !mailboxes.containsKey(m.name())) {
            return null;
          }
          MailboxContext found = MailboxContext.of(m, mailboxes.get(m.name()));
          mailboxById.put(m.id(), found);
          return found;
        });
  }

  /**
   * Applies a change to the ticket, locked first so concurrent changes line up. Each field that really changes gets a
   * ticket_event with the actor; a status change sends the requester a status-update mail unless the status is silent
   * or there is no mailbox to send from.
   */
  /** Keeps tickets' first- and next-response due times up to date. Call once, before deploying. */
  public TicketDesk clockWith(ResponseClock responseClock) {
    this.responseClock = responseClock;
    return this;
  }

  /** The clock to recompute a ticket's due times with, in the transaction that changed it. */
  public ResponseClock responseClock() {
    return responseClock;
  }

  /** Recomputes the ticket's due times in the transaction that changed it. */
  public Future<Void> updateDue(SqlClient tx, long ticketId) {
    return responseClock.recompute(tx, ticketId);
  }

  /**
   * The calendar of the ticket timers (the SLA calendar): a hold's date starts in its zone, waiting reminders count its
   * business days. Call once, before deploying.
   */
  public TicketDesk timersIn(BusinessCalendar calendar) {
    this.timerCalendar = calendar;
    return this;
  }

  public BusinessCalendar timerCalendar() {
    return timerCalendar;
  }

  public Future<Changed> change(SqlClient tx, long ticketId, Change change, String actor, MailboxContext mailbox) {
    TicketRepository tickets = new TicketRepository(tx);
    return tickets
        .lock(ticketId)
        .compose(
            before -> {
              String status = change.status() == null ? before.status() : change.status();
              String priority = change.priority() == null ? before.priority() : change.priority();
              String assignee = change.assigneeGiven() ? change.assignee() : before.assignee();
              if (status.equals(before.status()) && priority.equals(before.priority())
                  && Objects.equals(assignee, before.assignee())) {
                // a new date for a ticket already on hold changes only its timer
                return (change.holdUntil() == null ? Future.<Void>succeededFuture()
                    : holdTimer(tx, before, before, change.holdUntil(), actor))
                    .map(new Changed(before, before, false));
              }
              return tickets
                  .updateState(ticketId, status, priority, assignee)
                  .compose(after -> events(tx, before, after, actor)
                      .compose(v -> responseClock.recompute(tx, ticketId))
                      .compose(v -> holdTimer(tx, before, after, change.holdUntil(), actor))
                      .compose(v -> waitingTimer(tx, before, after))
                      .compose(v -> statusMail(tx, before, after, mailbox))
                      .map(queued -> {
                        log.info("ticket changed ticket={} status={} priority={} actor={} mailQueued={}",
                            after.number(), after.status(), after.priority(), actor, queued);
                        return new Changed(before, after, queued);
                      }));
            });
  }

  /**
   * Clears the ticket's needs-attention flag, with an {@code attention-cleared} event naming the actor and the reason
   * that was cleared; nothing when the ticket is not flagged.
   */
  public Future<Void> clearAttention(SqlClient tx, long ticketId, String actor) {
    TicketRepository tickets = new TicketRepository(tx);
    return tickets.lock(ticketId).compose(ticket -> ticket == null || !ticket.needsAttention()
        ? Future.succeededFuture()
        : tickets.clearAttention(ticketId)
            .compose(v -> new TicketEventRepository(tx).append(ticketId, actor, "attention-cleared",
                new JsonObject().put("reason", ticket.attentionReason())))
            .onSuccess(v -> log.info("attention cleared ticket={} actor={}", ticket.number(), actor)));
  }

  /**
   * Keeps the ticket's waiting timers: entering {@code waiting} (or any change while waiting) schedules the reminder
   * {@code tickets.waitingReminderDays} business days on and drops a pending auto-resolution; leaving it cancels both.
   */
  private Future<Void> waitingTimer(SqlClient tx, Ticket before, Ticket after) {
    boolean waiting = TicketTimers.WAITING.equals(after.status());
    if (!waiting && !TicketTimers.WAITING.equals(before.status())) {
      return Future.succeededFuture();
    }
    Instant now = responseClock.now();
    List<ScheduledEventKind> kinds = List.of(ScheduledEventKind.WAITING_REMINDER, ScheduledEventKind.AUTO_RESOLVE);
    List<ScheduledEvent> wanted = !waiting || options.waitingReminderDays() == 0 ? List.of()
        : List.of(new ScheduledEvent(0, after.id(), ScheduledEventKind.WAITING_REMINDER,
            TicketTimers.waitingTarget(now), TicketTimers.afterBusinessDays(timerCalendar, now, options.waitingReminderDays()), 0));
    return new ScheduleRepository(tx).reschedule(after.id(), kinds, wanted, now);
  }

  /**
   * Keeps the ticket's {@code hold-ends} event: scheduled at the start of the hold's date (in the timer zone) when the
   * ticket is put on hold with a date (replacing an earlier date), cancelled when it leaves hold.
   */
  private Future<Void> holdTimer(SqlClient tx, Ticket before, Ticket after, LocalDate until, String actor) {
    boolean onHold = TicketTimers.isOnHold(after.status());
    boolean leaves = TicketTimers.isOnHold(before.status()) && !onHold;
    if (!leaves && !(onHold && until != null)) {
      // other changes (a priority, a hold without a date) leave a hold's date as it is
      return Future.succeededFuture();
    }
    Instant now = responseClock.now();
    ScheduleRepository schedule = new ScheduleRepository(tx);
    Future<Void> cancelled = schedule.cancel(after.id(), ScheduledEventKind.HOLD_ENDS, null, now).mapEmpty();
    if (leaves) {
      return cancelled;
    }
    Instant ends = TicketTimers.holdEnds(until, timerCalendar.zone());
    // the time of the command in the target keeps a second hold until the same date a new event
    return cancelled
        .compose(v -> schedule.schedule(after.id(), ScheduledEventKind.HOLD_ENDS, until + "@" + now, ends))
        .compose(v -> new TicketEventRepository(tx).append(after.id(), actor, "hold-until",
            new JsonObject().put("until", until.toString()).put("endsAt", ends.toString())));
  }

  /**
   * Adds and removes participants, in the order given, with a {@code participant-added} or {@code participant-removed}
   * event and the actor for each that changed something. The caller has checked that the addresses may be participants.
   */
  public Future<Void> participants(SqlClient tx, Ticket ticket, List<CommandParser.Cc> changes, String actor) {
    ParticipantRepository repository = new ParticipantRepository(tx);
    TicketEventRepository events = new TicketEventRepository(tx);
    Future<Void> chain = Future.succeededFuture();
    for (CommandParser.Cc c : changes) {
      chain = chain.compose(v -> (c.add()
              ? repository.addOne(ticket.id(), new Participant(c.email(), null))
              : repository.remove(ticket.id(), c.email()))
          .compose(changed -> {
            if (!changed) {
              return Future.succeededFuture();
            }
            log.info("ticket participants changed ticket={} added={} actor={}", ticket.number(), c.add(), actor);
            return events.append(ticket.id(), actor, c.add() ? "participant-added" : "participant-removed",
                new JsonObject().put("email", c.email()));
          }));
    }
    return chain;
  }

  private Future<Void> events(SqlClient tx, Ticket before, Ticket after, String actor) {
    TicketEventRepository events = new TicketEventRepository(tx);
    List<Future<Void>> all = new ArrayList<>();
    if (!before.status().equals(after.status())) {
      all.add(events.append(after.id(), actor, "status-changed", fromTo(before.status(), after.status())));
    }
    if (!before.priority().equals(after.priority())) {
      all.add(events.append(after.id(), actor, "priority-changed", fromTo(before.priority(), after.priority())));
    }
    if (!Objects.equals(before.assignee(), after.assignee())) {
      all.add(events.append(after.id(), actor, "assignee-changed", fromTo(before.assignee(), after.assignee())));
    }
    return Future.all(all).mapEmpty();
  }

  private static JsonObject fromTo(String from, String to) {
    return new JsonObject().put("from", from).put("to", to);
  }

  private Future<Boolean> statusMail(SqlClient tx, Ticket before, Ticket after, MailboxContext mailbox) {
    if (before.status().equals(after.status()) || options.silent(after.status())) {
      return Future.succeededFuture(false);
    }
    if (mailbox == null || after.requesterEmail() == null) {
      return note(tx, after, "No status-update mail sent: the ticket has "
          + (mailbox == null ? "no configured mailbox to send from" : "no requester address") + ".").map(false);
    }
    Map<String, Object> scope = scope(mailbox, after);
    scope.put("previousStatus", before.status());
    String template = statusTemplate(mailbox.options().templatesDirectory(), after.status());
    return sendToRequester(tx, mailbox, after, OutgoingMail.Kind.STATUS_UPDATE, template, scope,
        mailbox.options().displayName()).map(true);
  }

  /** The values every template about a ticket can use. */
  public Map<String, Object> scope(MailboxContext mailbox, Ticket ticket) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("tag", subjectTag.tag(ticket.number()));
    scope.put("number", ticket.number());
    scope.put("subject", stripTag(ticket.subject(), ticket.number()));
    scope.put("status", ticket.status());
    scope.put("priority", ticket.priority());
    scope.put("assignee", ticket.assignee());
    scope.put("requesterName", GreetingName.orNull(ticket.requesterName()));
    scope.put("requesterEmail", ticket.requesterEmail());
    scope.put("mailboxName", displayName(mailbox));
    scope.put("mailboxAddress", mailbox.options().address());
    scope.put("reopenWindowDays", options.reopenWindowDays());
    return scope;
  }

  /**
   * Sends a mail to the requester, copied to the participants, threaded under the conversation (In-Reply-To its last
   * message, References the whole of it), with a timeline entry of {@code kind}; returns the outbox id.
   */
  public Future<Long> sendToRequester(
      SqlClient tx, MailboxContext mailbox, Ticket ticket, OutgoingMail.Kind kind, String template,
      Map<String, Object> scope, String fromName) {
    Future<List<String>> conversation = new TicketMessageRepository(tx).conversationIds(ticket.id());
    Future<List<String>> participants = new ParticipantRepository(tx).emails(ticket.id());
    return Future.all(conversation, participants)
        .compose(
            v -> {
              String requester = ticket.requesterEmail().toLowerCase(Locale.ROOT);
              List<String> cc =
                  participants.result().stream()
                      .filter(p -> !p.equals(requester) && !ownAddresses.contains(p))
                      .toList();
              ResponseTemplates.Rendered rendered =
                  templates.render(mailbox.options().templatesDirectory(), template, scope);
              OutgoingMail mail = OutgoingMail.builder(kind, mailbox.id(), mailbox.options().address())
                  .fromName(fromName)
                  .ticket(ticket.id(), ticket.number())
                  .to(List.of(ticket.requesterEmail()))
                  .cc(cc)
                  // one subject per ticket, so the requester's client keeps one conversation; status is in the body
                  .subject(ThreadSubject.forRequester(subjectTag, ticket.number(), ticket.subject()))
                  .inConversation(conversation.result())
                  .headers(replyHeaders(mailbox, ticket.number()))
                  .body(rendered.body())
                  .build();
              return new OutboxRepository(tx).enqueueWithMessage(mail.timelineEntry(), mail.outboxRow());
            });
  }

  String stripTag(String subject, long number) {
    return subject.replace(subjectTag.tag(number), "").replaceAll("\\s{2,}", " ").strip();
  }

  static String displayName(MailboxContext mailbox) {
    return mailbox.options().displayName() == null ? mailbox.options().address() : mailbox.options().displayName();
  }

  static Future<Void> note(SqlClient tx, Ticket ticket, String text) {
    return new TicketMessageRepository(tx).insert(NewTicketMessage.systemNote(ticket.id(), text)).mapEmpty();
  }
}
