package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Timed actions on tickets. Scheduling is idempotent on (ticket, kind, target, due time); due events are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent schedulers never get the same row, and an event is marked done in
 * the transaction that did its work, so a crash before the commit leaves it due.
 */
public final class ScheduleRepository {
  private static final String COLUMNS = "id, ticket_id, kind, target, due_at, attempts";
  private static final String SCHEDULE =
      "insert into scheduled_event (ticket_id, kind, target, due_at, run_at) values ($1, $2, $3, $4, $4) "
          + "on conflict (ticket_id, kind, target, due_at) do nothing returning id";
  private static final String SCHEDULE_UNATTACHED =
      "insert into scheduled_event (ticket_id, kind, target, due_at, run_at) values (null, $1, $2, $3, $3) "
          + "on conflict do nothing returning id";
  private static final String CLAIM_DUE =
      "select " + COLUMNS + " from scheduled_event where done_at is null and run_at <= $1 "
          + "order by run_at, id limit $2 for update skip locked";
  private static final String MARK_DONE = "update scheduled_event set done_at = $2, last_error = null where id = $1";
  private static final String RETRY_LATER =
      "update scheduled_event set attempts = attempts + 1, run_at = $2, last_error = $3 where id = $1";
  private static final String GIVE_UP =
      "update scheduled_event set attempts = attempts + 1, done_at = $2, last_error = $3 where id = $1";
  private static final String CANCEL =
      "update scheduled_event set done_at = $4, last_error = 'cancelled' "
          + "where ticket_id = $1 and done_at is null and ($2::text is null or kind = $2) "
          + "and ($3::text is null or target = $3)";
  private static final String CANCEL_OTHERS =
      "update scheduled_event set done_at = $6, last_error = 'cancelled' "
          + "where ticket_id = $1 and done_at is null and kind = any($2) and not exists (select 1 from "
          + "unnest($3::text[], $4::text[], $5::timestamptz[]) w(kind, target, due_at) "
          + "where w.kind = scheduled_event.kind and w.target = scheduled_event.target "
          + "and w.due_at = scheduled_event.due_at)";
  private static final String CANCEL_OTHERS_ALL =
      "update scheduled_event s set done_at = $7, last_error = 'cancelled' "
          + "where s.ticket_id = any($1) and s.done_at is null and s.kind = any($2) and not exists (select 1 from "
          + "unnest($3::bigint[], $4::text[], $5::text[], $6::timestamptz[]) w(ticket_id, kind, target, due_at) "
          + "where w.ticket_id = s.ticket_id and w.kind = s.kind and w.target = s.target and w.due_at = s.due_at)";
  private static final String SCHEDULE_ALL =
      "insert into scheduled_event (ticket_id, kind, target, due_at, run_at) "
          + "select w.ticket_id, w.kind, w.target, w.due_at, w.due_at "
          + "from unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[]) w(ticket_id, kind, target, due_at) "
          + "on conflict (ticket_id, kind, target, due_at) do nothing";
  private static final String DONE_BEFORE =
      "select exists (select 1 from scheduled_event where ticket_id = $1 and kind = $2 and target = $3 "
          + "and id <> $4 and done_at is not null and last_error is null)";
  private static final String PENDING =
      "select " + COLUMNS + " from scheduled_event where ticket_id = $1 and done_at is null order by due_at, id";

  static final Function<Row, ScheduledEvent> MAPPER =
      row -> new ScheduledEvent(
          row.getLong("id"),
          row.getLong("ticket_id"),
          ScheduledEventKind.fromWire(row.getString("kind")),
          row.getString("target"),
          row.getOffsetDateTime("due_at").toInstant(),
          row.getInteger("attempts"));

  private final SqlClient client;

  public ScheduleRepository(SqlClient client) {
    this.client = client;
  }

  /** Schedules an event; true when it is new, false when the same event was already scheduled (done or not). */
  public Future<Boolean> schedule(long ticketId, ScheduledEventKind kind, String target, Instant dueAt) {
    return client
        .preparedQuery(SCHEDULE)
        .execute(Tuple.of(ticketId, kind.wireName(), target == null ? "" : target, utc(dueAt)))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Schedules an event about no one ticket (the daily digest); true when it is new, false when it was already
   * scheduled, by this instance or another.
   */
  public Future<Boolean> scheduleUnattached(ScheduledEventKind kind, String target, Instant dueAt) {
    return client
        .preparedQuery(SCHEDULE_UNATTACHED)
        .execute(Tuple.of(kind.wireName(), target == null ? "" : target, utc(dueAt)))
        .map(rows -> rows.size() > 0);
  }

  /**
   * Locks and returns up to {@code limit} events due at {@code now}, oldest first, skipping rows another transaction
   * holds. Call inside a transaction and mark each done (or retry it later) before the commit.
   */
  public Future<List<ScheduledEvent>> claimDue(Instant now, int limit) {
    return client
        .preparedQuery(CLAIM_DUE)
        .execute(Tuple.of(utc(now), limit))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  public Future<Void> markDone(long id, Instant at) {
    return client.preparedQuery(MARK_DONE).execute(Tuple.of(id, utc(at))).mapEmpty();
  }

  /** Counts a failed attempt and tries again at {@code runAt}; the due time, and so the event's identity, stays. */
  public Future<Void> retryLater(long id, Instant runAt, String error) {
    return client.preparedQuery(RETRY_LATER).execute(Tuple.of(id, utc(runAt), error)).mapEmpty();
  }

  /** Counts a failed attempt and stops trying; {@code error} stays on the row. */
  public Future<Void> giveUp(long id, Instant at, String error) {
    return client.preparedQuery(GIVE_UP).execute(Tuple.of(id, utc(at), error)).mapEmpty();
  }

  /**
   * Marks a ticket's pending events done without running them, e.g. the SLA events of a target that was met.
   *
   * @param kind only this kind, or null for all
   * @param target only this target, or null for all
   * @return how many were cancelled
   */
  public Future<Integer> cancel(long ticketId, ScheduledEventKind kind, String target, Instant at) {
    return client
        .preparedQuery(CANCEL)
        .execute(Tuple.of(ticketId, kind == null ? null : kind.wireName(), target, utc(at)))
        .map(rows -> rows.rowCount());
  }

  /**
   * Makes the ticket's pending events of {@code kinds} exactly {@code wanted}: the others are cancelled, the wanted
   * ones scheduled (idempotently, so one already done is not scheduled again).
   */
  public Future<Void> reschedule(long ticketId, List<ScheduledEventKind> kinds, List<ScheduledEvent> wanted, Instant now) {
    Tuple args = Tuple.of(ticketId,
        kinds.stream().map(ScheduledEventKind::wireName).toArray(String[]::new),
        wanted.stream().map(e -> e.kind().wireName()).toArray(String[]::new),
        wanted.stream().map(ScheduledEvent::target).toArray(String[]::new),
        wanted.stream().map(e -> utc(e.dueAt())).toArray(OffsetDateTime[]::new),
        utc(now));
    Future<Void> chain = client.preparedQuery(CANCEL_OTHERS).execute(args).mapEmpty();
    for (ScheduledEvent e : wanted) {
      chain = chain.compose(v -> schedule(ticketId, e.kind(), e.target(), e.dueAt()).mapEmpty());
    }
    return chain;
  }

  /**
   * {@link #reschedule} for many tickets in two statements: the pending events of {@code kinds} of every ticket in
   * {@code ticketIds} become exactly the ones in {@code wanted} for that ticket.
   */
  public Future<Void> rescheduleAll(Collection<Long> ticketIds, List<ScheduledEventKind> kinds,
      List<ScheduledEvent> wanted, Instant now) {
    if (ticketIds.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] tickets = wanted.stream().map(ScheduledEvent::ticketId).toArray(Long[]::new);
    String[] wantedKinds = wanted.stream().map(e -> e.kind().wireName()).toArray(String[]::new);
    String[] targets = wanted.stream().map(e -> e.target() == null ? "" : e.target()).toArray(String[]::new);
    OffsetDateTime[] dues = wanted.stream().map(e -> utc(e.dueAt())).toArray(OffsetDateTime[]::new);
    Future<Void> cancelled = client.preparedQuery(CANCEL_OTHERS_ALL)
        .execute(Tuple.of(ticketIds.toArray(Long[]::new),
            kinds.stream().map(ScheduledEventKind::wireName).toArray(String[]::new),
            tickets, wantedKinds, targets, dues, utc(now)))
        .mapEmpty();
    return wanted.isEmpty() ? cancelled : cancelled.compose(v -> client.preparedQuery(SCHEDULE_ALL)
        .execute(Tuple.of(tickets, wantedKinds, targets, dues)).mapEmpty());
  }

  /** True when another event of this ticket, kind and target was already handled (not cancelled, not given up). */
  public Future<Boolean> handledBefore(ScheduledEvent event) {
    return client.preparedQuery(DONE_BEFORE)
        .execute(Tuple.of(event.ticketId(), event.kind().wireName(), event.target(), event.id()))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** A ticket's events not yet done, soonest first. */
  public Future<List<ScheduledEvent>> pending(long ticketId) {
    return client.preparedQuery(PENDING).execute(Tuple.of(ticketId)).map(rows -> Rows.list(rows, MAPPER));
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }
}
