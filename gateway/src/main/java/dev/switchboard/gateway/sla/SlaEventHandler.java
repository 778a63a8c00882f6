package dev.switchboard.gateway.sla;

import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.store.SwitchboardException;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default work of SLA events: a ticket event ({@code sla-warning} or {@code sla-breached}, actor {@code system})
 * and, for a breach, the ticket flagged for attention (an existing flag keeps its reason). An event whose target was
 * met or moved meanwhile, or whose kind and target were already handled once, does nothing. Mail to coordinators is
 * added by the notification work.
 */
public final class SlaEventHandler implements ScheduledEventHandler {
  private static final Logger log = LoggerFactory.getLogger(SlaEventHandler.class);
  public static final String ACTOR = "system";

  /** This handler for SLA warnings and breaches, the given ones for the other kinds. */
  public static ScheduledEventHandler withOthers(Map<ScheduledEventKind, ScheduledEventHandler> others) {
    SlaEventHandler sla = new SlaEventHandler();
    Map<ScheduledEventKind, ScheduledEventHandler> all = new EnumMap<>(ScheduledEventKind.class);
    all.putAll(others);
    all.put(ScheduledEventKind.SLA_WARNING, sla);
    all.put(ScheduledEventKind.SLA_BREACH, sla);
    return ScheduledEventHandler.byKind(all);
  }

  @Override
  public Future<Void> handle(SqlClient tx, ScheduledEvent event, Instant now) {
    if (event.kind() != ScheduledEventKind.SLA_WARNING && event.kind() != ScheduledEventKind.SLA_BREACH) {
      return Future.failedFuture(SwitchboardException.permanent("no handler for " + event.kind().wireName()));
    }
    return new TicketRepository(tx).lock(event.ticketId()).compose(ticket -> {
      if (ticket == null || !stillDue(ticket, event)) {
        log.debug("sla event obsolete ticket={} kind={} target={}", event.ticketId(), event.kind().wireName(),
            event.target());
        return Future.succeededFuture();
      }
      return new ScheduleRepository(tx).handledBefore(event).compose(before -> before
          ? Future.succeededFuture()
          : record(tx, ticket, event));
    });
  }

  private static Future<Void> record(SqlClient tx, Ticket ticket, ScheduledEvent event) {
    boolean breach = event.kind() == ScheduledEventKind.SLA_BREACH;
    OffsetDateTime due = event.target().equals(ResponseClock.FIRST_RESPONSE)
        ? ticket.firstResponseDueAt() : ticket.nextResponseDueAt();
    JsonObject detail = new JsonObject().put("target", targetName(event.target()))
        .put("dueAt", due == null ? null : due.toInstant().toString());
    log.info("sla {} ticket={} target={}", breach ? "breached" : "warning", ticket.number(), targetName(event.target()));
    Future<Void> appended =
        new TicketEventRepository(tx).append(ticket.id(), ACTOR, breach ? "sla-breached" : "sla-warning", detail);
    // an earlier reason (a bounce, a stranger) says more than the breach, which has its own ticket event
    return breach && !ticket.needsAttention()
        ? appended.compose(v -> new TicketRepository(tx).flag(ticket.id(), "sla-breached: " + targetName(event.target())))
        : appended;
  }

  /** The target is still open: not answered, not paused, and not moved by a recomputation. */
  private static boolean stillDue(Ticket ticket, ScheduledEvent event) {
    if (event.target().equals(ResponseClock.FIRST_RESPONSE)) {
      return ticket.firstResponseAt() == null && ticket.firstResponseDueAt() != null;
    }
    return event.target().startsWith(ResponseClock.NEXT_RESPONSE) && ticket.nextResponseDueAt() != null;
  }

  private static String targetName(String target) {
    int colon = target.indexOf(':');
    return colon < 0 ? target : target.substring(0, colon);
  }
}
