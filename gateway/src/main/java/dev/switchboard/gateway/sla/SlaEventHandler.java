package dev.switchboard.gateway.sla;

import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default work of SLA events: a ticket event ({@code sla-warning} or {@code sla-breached}, actor {@code system})
 * and, for a breach, the ticket flagged for attention (an existing flag keeps its reason). An event whose target was
 * met or moved meanwhile, or whose kind and target were already handled once, does nothing. The coordinators are told
 * through the {@link Notifier} (event {@code sla-warning} or {@code sla-breach}, source the scheduled event, so once per
 * ticket and target), and a breach also goes to the escalation addresses.
 */
public final class SlaEventHandler implements ScheduledEventHandler {
  private static final Logger log = LoggerFactory.getLogger(SlaEventHandler.class);
  public static final String ACTOR = "system";
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);

  private final Notifier notifier;
  private final List<String> escalateTo;
  private final ZoneId zone;

  /** Records the events and tells nobody. */
  public SlaEventHandler() {
    this(Notifier.NONE, List.of(), ZoneId.of("UTC"));
  }

  /**
   * @param escalateTo addresses that also get the breach mail
   * @param zone the SLA time zone, in which the due time is shown
   */
  public SlaEventHandler(Notifier notifier, List<String> escalateTo, ZoneId zone) {
    this.notifier = notifier;
    this.escalateTo = List.copyOf(escalateTo);
    this.zone = zone;
  }

  /** This handler for SLA warnings and breaches, the given ones for the other kinds. */
  public static ScheduledEventHandler withOthers(Map<ScheduledEventKind, ScheduledEventHandler> others) {
    return withOthers(new SlaEventHandler(), others);
  }

  /** The given SLA handler for warnings and breaches, the given ones for the other kinds. */
  public static ScheduledEventHandler withOthers(
      SlaEventHandler sla, Map<ScheduledEventKind, ScheduledEventHandler> others) {
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
          : record(tx, ticket, event).compose(v -> tell(tx, ticket, event, now)));
    });
  }

  private Future<Void> tell(SqlClient tx, Ticket ticket, ScheduledEvent event, Instant now) {
    boolean breach = event.kind() == ScheduledEventKind.SLA_BREACH;
    OffsetDateTime due = event.target().equals(ResponseClock.FIRST_RESPONSE)
        ? ticket.firstResponseDueAt() : ticket.nextResponseDueAt();
    TicketActivity activity = new TicketActivity(
        breach ? NotificationEvent.SLA_BREACH : NotificationEvent.SLA_WARNING, ticket.id(), "scheduled:" + event.id(),
        null, requester(ticket), ticket.channel(),
        describe(breach, targetName(event.target()), due == null ? null : due.toInstant(), now, zone), List.of());
    Future<Void> told = notifier.notify(tx, activity);
    return breach ? told.compose(v -> notifier.escalate(tx, activity, escalateTo)) : told;
  }

  private static String requester(Ticket ticket) {
    if (ticket.requesterEmail() == null) {
      return ticket.requesterName();
    }
    return ticket.requesterName() == null || ticket.requesterName().isBlank()
        ? ticket.requesterEmail() : ticket.requesterName() + " <" + ticket.requesterEmail() + ">";
  }

  /**
   * The mail's text: which target, when it is or was due (in the SLA time zone) and how late, e.g. "First response
   * target missed: due Fri 2026-12-04 10:30 Europe/Berlin, 12 min late."
   */
  static String describe(boolean breach, String target, Instant due, Instant now, ZoneId zone) {
    String name = target.equals(ResponseClock.FIRST_RESPONSE) ? "First response" : "Next response";
    if (due == null) {
      return name + (breach ? " target missed." : " target close.");
    }
    String at = SHOWN.format(due.atZone(zone)) + " " + zone.getId();
    Duration late = Duration.between(due, now);
    if (breach) {
      return name + " target missed: due " + at + ", " + (late.isNegative() || late.toMinutes() < 1
          ? "just now" : minutes(late) + " late") + ".";
    }
    return name + " due soon: due " + at + (late.isNegative() ? ", in " + minutes(late.negated()) : "") + ".";
  }

  private static String minutes(Duration d) {
    long m = Math.max(1, (d.getSeconds() + 59) / 60);
    if (m < 60) {
      return m + " min";
    }
    return m / 60 + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
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
