package dev.switchboard.gateway.sla;

import dev.switchboard.store.ClockFacts;
import dev.switchboard.store.ClockFactsRepository;
import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps a ticket's stored due times and its SLA warning and breach events in line with its history. Call
 * {@link #update} in the transaction that changed the ticket: at creation, on every status or priority change, on a
 * requester's reply and on a coordinator's reply. It recomputes from the stored history, so calling it twice is
 * harmless.
 */
public final class ResponseClock {
  public static final String FIRST_RESPONSE = "first-response";
  /** Prefix of the next-response target; the requester reply's instant follows, so each reply has its own target. */
  public static final String NEXT_RESPONSE = "next-response";
  private static final List<ScheduledEventKind> SLA_KINDS =
      List.of(ScheduledEventKind.SLA_WARNING, ScheduledEventKind.SLA_BREACH);

  /** A clock that keeps nothing: for intake and desk objects built without one (tests of other concerns). */
  public static final ResponseClock OFF = new ResponseClock(null);

  private final SlaPolicy policy;
  private final Clock clock;

  public ResponseClock(SlaPolicy policy) {
    this(policy, Clock.systemUTC());
  }

  /** @param clock the time of every change it is asked to recompute after, and of the desk's timers */
  public ResponseClock(SlaPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /** The injected clock's now: the time the desk's decisions (timers, the reopen window) are made at. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * The due times of these tickets as of now, without storing them, in one statement; empty without an SLA policy, a
   * missing ticket absent.
   */
  public Future<Map<Long, Due>> peekAll(SqlClient tx, Collection<Long> ticketIds) {
    if (policy == null || ticketIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return new ClockFactsRepository(tx).factsOf(ticketIds).map(facts -> {
      Map<Long, Due> dues = new HashMap<>();
      facts.forEach((id, f) -> dues.put(id, due(f)));
      return dues;
    });
  }

  /**
   * {@link #update} as of now, for the call sites in the intake and the desk: in the transaction that changed the
   * ticket. Does nothing for {@link #OFF}.
   */
  public Future<Void> recompute(SqlClient tx, long ticketId) {
    return policy == null ? Future.succeededFuture() : update(tx, ticketId, clock.instant()).mapEmpty();
  }

  /**
   * {@link #recompute} for several tickets with a handful of statements in all, not several per ticket: for the
   * intake, which collects the tickets a transaction touched and recomputes them once, last, before the commit.
   * Returns the due times it stored, by ticket (empty without an SLA policy), for the notifications that follow.
   */
  public Future<Map<Long, Due>> recomputeAll(SqlClient tx, Collection<Long> ticketIds) {
    if (policy == null || ticketIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Instant now = clock.instant();
    return new ClockFactsRepository(tx).factsOf(ticketIds).compose(facts -> {
      Map<Long, Due> byTicket = new HashMap<>();
      List<TicketRepository.ResponseDue> dues = new ArrayList<>(facts.size());
      List<ScheduledEvent> events = new ArrayList<>();
      for (ClockFacts f : facts.values()) {
        Due due = due(f);
        byTicket.put(f.ticketId(), due);
        dues.add(new TicketRepository.ResponseDue(f.ticketId(), due.firstResponseDue(), due.nextResponseDue()));
        events.addAll(due.events());
      }
      return new TicketRepository(tx).setResponseDueAll(dues)
          .compose(v -> new ScheduleRepository(tx).rescheduleAll(facts.keySet(), SLA_KINDS, events, now))
          .map(v -> byTicket);
    });
  }

  /** The due times of a ticket, computed from its facts; pure. */
  public Due due(ClockFacts facts) {
    List<StatusChange> history = facts.statusHistory().stream()
        .map(s -> new StatusChange(s.at(), s.status())).toList();
    List<ScheduledEvent> events = new ArrayList<>();
    Instant first = null;
    Instant next = null;
    // machine mail waits for nobody: such a ticket's clock starts at a person's first mail on it, if ever
    Instant start = facts.openedByMachine() ? facts.firstCustomerMessageAt() : facts.createdAt();
    if (facts.firstResponseAt() == null) {
      first = start == null ? null : policy.firstResponseDue(facts.priority(), start, history).orElse(null);
      if (first != null) {
        addEvents(events, facts.ticketId(), FIRST_RESPONSE, start,
            policy.firstResponseTarget(facts.priority()), first, history);
      }
    } else if (awaitsNextResponse(facts)) {
      Instant from = facts.lastCustomerMessageAt();
      next = policy.nextResponseDue(facts.priority(), from, history).orElse(null);
      if (next != null) {
        addEvents(events, facts.ticketId(), NEXT_RESPONSE + ":" + from, from,
            policy.nextResponseTarget(facts.priority()), next, history);
      }
    }
    return new Due(first, next, events);
  }

  /** Recomputes, stores the due times on the ticket and reschedules its SLA events; the due times, or null if no ticket. */
  public Future<Due> update(SqlClient tx, long ticketId, Instant now) {
    return new ClockFactsRepository(tx).facts(ticketId).compose(facts -> {
      if (facts == null) {
        return Future.succeededFuture();
      }
      Due due = due(facts);
      return new TicketRepository(tx).setResponseDue(ticketId, due.firstResponseDue(), due.nextResponseDue())
          .compose(v -> new ScheduleRepository(tx).reschedule(ticketId, SLA_KINDS, due.events(), now))
          .map(due);
    });
  }

  /** A requester wrote after the last coordinator reply (and after the first response). */
  private static boolean awaitsNextResponse(ClockFacts f) {
    Instant answered = f.lastCoordinatorReplyAt() == null || f.lastCoordinatorReplyAt().isBefore(f.firstResponseAt())
        ? f.firstResponseAt() : f.lastCoordinatorReplyAt();
    return f.lastCustomerMessageAt() != null && f.lastCustomerMessageAt().isAfter(answered);
  }

  private void addEvents(List<ScheduledEvent> events, long ticketId, String target, Instant start,
      Duration length, Instant due, List<StatusChange> history) {
    Optional<Instant> warn = policy.warningDue(start, length, history);
    warn.filter(w -> w.isBefore(due)).ifPresent(w ->
        events.add(new ScheduledEvent(0, ticketId, ScheduledEventKind.SLA_WARNING, target, w, 0)));
    events.add(new ScheduledEvent(0, ticketId, ScheduledEventKind.SLA_BREACH, target, due, 0));
  }

  /**
   * @param firstResponseDue null once answered or while the clock stands still
   * @param nextResponseDue null unless a requester's reply awaits an answer
   * @param events the SLA warning and breach events that should be pending
   */
  public record Due(Instant firstResponseDue, Instant nextResponseDue, List<ScheduledEvent> events) {
    public Due {
      events = List.copyOf(events);
    }
  }
}
