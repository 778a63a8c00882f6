package dev.switchboard.gateway.sla;

import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the ticket timers as {@link TicketTimers} decides: a hold that ends puts the ticket back to open (through
 * {@link TicketDesk#change}, actor {@code system}) and tells the coordinators ({@code hold-ended}, once per event).
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
    return Map.of(ScheduledEventKind.HOLD_ENDS, this);
  }

  @Override
  public Future<Void> handle(SqlClient tx, ScheduledEvent event, Instant now) {
    return new TicketRepository(tx).lock(event.ticketId()).compose(ticket -> {
      TicketTimers.Action action =
          ticket == null ? TicketTimers.Action.NOTHING : TicketTimers.onDue(event.kind(), ticket.status());
      if (action != TicketTimers.Action.REOPEN) {
        log.debug("ticket timer obsolete ticket={} kind={}", event.ticketId(), event.kind().wireName());
        return Future.succeededFuture();
      }
      return desk.mailboxOf(tx, ticket)
          .compose(mailbox -> desk.change(tx, ticket.id(), TicketDesk.Change.status(TicketTimers.OPEN),
              SlaEventHandler.ACTOR, mailbox))
          .compose(changed -> {
            log.info("hold ended ticket={}", ticket.number());
            return notifier.notify(tx, new TicketActivity(NotificationEvent.HOLD_ENDED, ticket.id(),
                "scheduled:" + event.id(), null, "the hold timer", ticket.channel(),
                "The hold until " + holdDate(event) + " is over; the ticket is open again.", List.of()));
          });
    });
  }

  private static String holdDate(ScheduledEvent event) {
    int at = event.target().indexOf('@');
    return at < 0 ? event.target() : event.target().substring(0, at);
  }
}
