package dev.switchboard.gateway.sla;

import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ticket timers as {@link TicketTimers} decides: a hold that ends puts the ticket back to open (through
 * {@link TicketDesk#change}, actor {@code system}) and tells the coordinators ({@code hold-ended}, once per event).
 * A waiting ticket's reminder mails the requester once ({@code waiting-reminder.mustache}, in their thread) and
 * schedules the auto-resolution, which resolves the ticket (actor {@code system}, with the resolution status mail).
 * An event the ticket has moved past does nothing.
 */
public final class TicketTimerHandler implements ScheduledEventHandler {
  private static final Logger log = LoggerFactory.getLogger(TicketTimerHandler.class);

  private final TicketDesk desk;
  private final Notifier notifier;

  public TicketTimerHandler(TicketDesk desk, Notifier notifier) {
    this.desk = desk;
    this.notifier = notifier;
  }

  /** This handler for each kind it runs. */
  public Map<ScheduledEventKind, ScheduledEventHandler> byKind() {
    return Map.of(ScheduledEventKind.HOLD_ENDS, this, ScheduledEventKind.WAITING_REMINDER, this,
        ScheduledEventKind.AUTO_RESOLVE, this);
  }

  @Override
  public Future<Void> handle(SqlClient tx, ScheduledEvent event, Instant now) {
    return new TicketRepository(tx).lock(event.ticketId()).compose(ticket -> ticket == null
        ? Future.succeededFuture()
        : lastInbound(tx, ticket.id()).compose(last -> act(tx, ticket, event, now,
            TicketTimers.onDue(event.kind(), ticket.status(), TicketTimers.since(event.target()), last), last)));
  }

  /** When the requester or a participant last wrote on the ticket (a person's mail, not machine mail), or null. */
  private static Future<Instant> lastInbound(SqlClient tx, long ticketId) {
    return tx.preparedQuery("select max(created_at) from ticket_message where ticket_id = $1 and kind = 'customer'")
        .execute(Tuple.of(ticketId))
        .map(rows -> {
          OffsetDateTime t = rows.iterator().next().getOffsetDateTime(0);
          return t == null ? null : t.toInstant();
        });
  }

  private Future<Void> act(
      SqlClient tx, Ticket ticket, ScheduledEvent event, Instant now, TicketTimers.Action action, Instant last) {
    return switch (action) {
      case NOTHING -> {
        log.debug("ticket timer obsolete ticket={} kind={}", event.ticketId(), event.kind().wireName());
        yield Future.<Void>succeededFuture();
      }
      case REOPEN -> reopen(tx, ticket, event);
      case REMIND -> remind(tx, ticket, event, now);
      case RESTART -> new ScheduleRepository(tx).reschedule(ticket.id(),
          List.of(ScheduledEventKind.WAITING_REMINDER, ScheduledEventKind.AUTO_RESOLVE),
          List.of(new ScheduledEvent(0, ticket.id(), ScheduledEventKind.WAITING_REMINDER,
              TicketTimers.waitingTarget(last),
              TicketTimers.afterBusinessDays(desk.timerCalendar(), last, desk.options().waitingReminderDays()), 0)),
          now);
      case RESOLVE -> desk.mailboxOf(tx, ticket)
          .compose(mailbox -> desk.change(tx, ticket.id(), TicketDesk.Change.status(TicketTimers.RESOLVED),
              SlaEventHandler.ACTOR, mailbox))
          .compose(changed -> new TicketEventRepository(tx).append(ticket.id(), SlaEventHandler.ACTOR,
              "auto-resolved", new JsonObject().put("afterDays", desk.options().autoResolveDays())))
          .onSuccess(v -> log.info("waiting ticket resolved ticket={}", ticket.number()));
    };
  }

  /**
   * The one reminder to the requester, in their thread, then the auto-resolution {@code tickets.autoResolveDays}
   * business days on (none when 0).
   */
  private Future<Void> remind(SqlClient tx, Ticket ticket, ScheduledEvent event, Instant now) {
    int resolveDays = desk.options().autoResolveDays();
    Future<Void> resolveLater = resolveDays == 0 ? Future.succeededFuture()
        : new ScheduleRepository(tx).schedule(ticket.id(), ScheduledEventKind.AUTO_RESOLVE,
            TicketTimers.waitingTarget(now),
            TicketTimers.afterBusinessDays(desk.timerCalendar(), now, resolveDays)).mapEmpty();
    return desk.mailboxOf(tx, ticket).compose(mailbox -> {
      if (mailbox == null || ticket.requesterEmail() == null) {
        log.info("waiting reminder not sent ticket={} reason=no-mailbox-or-requester", ticket.number());
        return resolveLater;
      }
      Map<String, Object> scope = desk.scope(mailbox, ticket);
      scope.put("autoResolveDays", resolveDays == 0 ? null : resolveDays);
      return desk.sendToRequester(tx, mailbox, ticket, OutgoingMail.Kind.WAITING_REMINDER, TicketDesk.WAITING_REMINDER,
              scope, mailbox.options().displayName())
          .compose(outboxId -> new TicketEventRepository(tx).append(ticket.id(), SlaEventHandler.ACTOR,
              "waiting-reminder-sent", new JsonObject().put("outboxId", outboxId)))
          .compose(v -> resolveLater)
          .onSuccess(v -> log.info("waiting reminder queued ticket={}", ticket.number()));
    });
  }

  private Future<Void> reopen(SqlClient tx, Ticket ticket, ScheduledEvent event) {
    return desk.mailboxOf(tx, ticket)
        .compose(mailbox -> desk.change(tx, ticket.id(), TicketDesk.Change.status(TicketTimers.OPEN),
            SlaEventHandler.ACTOR, mailbox))
        .compose(changed -> {
          log.info("hold ended ticket={}", ticket.number());
          return notifier.notify(tx, new TicketActivity(NotificationEvent.HOLD_ENDED, ticket.id(),
              "scheduled:" + event.id(), null, "the hold timer", ticket.channel(),
              "The hold until " + holdDate(event) + " is over; the ticket is open again.", List.of()));
        });
  }

  private static String holdDate(ScheduledEvent event) {
    int at = event.target().indexOf('@');
    return at < 0 ? event.target() : event.target().substring(0, at);
  }
}
