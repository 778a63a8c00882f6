package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Function;

/** Tickets. */
public final class TicketRepository {
  private static final String COLUMNS =
      "t.id, t.number, t.mailbox_id, t.subject, t.status, t.priority, t.requester_id, c.email as requester_email, "
          + "c.name as requester_name, t.assignee, t.channel, t.needs_attention, t.attention_reason, t.created_at, "
          + "t.updated_at, t.acknowledged_at, t.first_response_at, t.resolved_at, t.closed_at, "
          + "(select f.number from ticket f where f.id = t.follows_ticket_id) as follows_number, "
          + "t.first_response_due_at, t.next_response_due_at";
  private static final String FROM = " from ticket t left join contact c on c.id = t.requester_id ";
  // one round trip: insert and read back with the requester joined
  private static final String INSERT =
      "with t as (insert into ticket (mailbox_id, subject, status, priority, requester_id, channel, needs_attention, "
          + "attention_reason) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *) select " + COLUMNS
          + " from t left join contact c on c.id = t.requester_id";
  private static final String FIND_BY_ID = "select " + COLUMNS + FROM + "where t.id = $1";
  private static final String FIND_ALL = "select " + COLUMNS + FROM + "where t.id = any($1)";
  private static final String FIND_BY_NUMBER = "select " + COLUMNS + FROM + "where t.number = $1";
  // awaiting a first response: nobody answered yet and the ticket is still open for business
  private static final String DUE = "least(t.first_response_due_at, t.next_response_due_at)";
  private static final String WHERE =
      "where ($1::text is null or t.status = $1) "
          + "and (not $2 or (t.first_response_at is null and t.status not in ('resolved', 'closed'))) "
          + "and ($3::boolean is null or t.needs_attention = $3) "
          + "and ($4::timestamptz is null or " + DUE + " > $4) "
          + "and ($5::timestamptz is null or " + DUE + " <= $5) "
          + "and ($4::timestamptz is null and $5::timestamptz is null or t.status not in ('resolved', 'closed')) ";
  private static final String LIST_NEWEST_FIRST =
      "select " + COLUMNS + FROM + WHERE + "order by t.created_at desc, t.id desc limit $6 offset $7";
  private static final String LIST_OLDEST_FIRST =
      "select " + COLUMNS + FROM + WHERE + "order by t.created_at, t.id limit $6 offset $7";
  private static final String LIST_DUE_FIRST =
      "select " + COLUMNS + FROM + WHERE + "order by " + DUE + ", t.id limit $6 offset $7";
  private static final String COUNT = "select count(*) from ticket t " + WHERE;
  private static final String LOCK = "select " + COLUMNS + FROM + "where t.id = $1 for update of t";
  // resolved_at: set on entering resolved, kept through closed, cleared on reopening; closed_at likewise for closed
  private static final String UPDATE_STATE =
      "with t as (update ticket set status = $2, priority = $3, assignee = $4, updated_at = now(), "
          + "resolved_at = case when $2 = 'resolved' then (case when status = 'resolved' then resolved_at else now() end) "
          + "when $2 = 'closed' then resolved_at end, "
          + "closed_at = case when $2 = 'closed' then coalesce(closed_at, now()) end "
          + "where id = $1 returning *) select " + COLUMNS + " from t left join contact c on c.id = t.requester_id";
  private static final String MARK_FIRST_RESPONSE =
      "update ticket set first_response_at = coalesce(first_response_at, now()), updated_at = now() where id = $1";
  private static final String SET_FOLLOWS =
      "update ticket set follows_ticket_id = (select id from ticket where number = $2) where number = $1";
  // the thread a mail continues: its subject tag first, else the newest ticket that holds a referenced Message-ID
  private static final String FIND_THREAD =
      "select " + COLUMNS + FROM + "where t.id = coalesce((select id from ticket where number = $1), "
          + "(select ticket_id from ticket_message where message_id = any($2) order by id desc limit 1))";
  private static final String MARK_ACKNOWLEDGED =
      "update ticket set acknowledged_at = coalesce(acknowledged_at, now()), updated_at = now() where id = $1";
  private static final String FLAG =
      "update ticket set needs_attention = true, attention_reason = $2, updated_at = now() where id = $1";
  private static final String SET_RESPONSE_DUE =
      "update ticket set first_response_due_at = $2, next_response_due_at = $3 where id = $1";
  // a ticket whose due times did not change is not written: a reply that does not move the clock would otherwise cost
  // a new row version, indexed anew (the due times are in an index)
  private static final String SET_RESPONSE_DUE_ALL =
      "update ticket t set first_response_due_at = u.first_due, next_response_due_at = u.next_due "
          + "from unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) u(id, first_due, next_due) where t.id = u.id "
          + "and (t.first_response_due_at, t.next_response_due_at) is distinct from (u.first_due, u.next_due)";
  private static final String CLEAR_ATTENTION =
      "update ticket set needs_attention = false, attention_reason = null, updated_at = now() where id = $1";
  private static final String TOUCH = "update ticket set updated_at = now() where id = $1";

  static final Function<Row, Ticket> MAPPER =
      row ->
          new Ticket(
              row.getLong("id"),
              row.getLong("number"),
              row.getLong("mailbox_id"),
              row.getString("subject"),
              row.getString("status"),
              row.getString("priority"),
              row.getLong("requester_id"),
              row.getString("requester_email"),
              row.getString("requester_name"),
              row.getString("assignee"),
              row.getString("channel"),
              row.getBoolean("needs_attention"),
              row.getString("attention_reason"),
              row.getOffsetDateTime("created_at"),
              row.getOffsetDateTime("updated_at"),
              row.getOffsetDateTime("acknowledged_at"),
              row.getOffsetDateTime("first_response_at"),
              row.getOffsetDateTime("resolved_at"),
              row.getOffsetDateTime("closed_at"),
              row.getLong("follows_number"),
              row.getOffsetDateTime("first_response_due_at"),
              row.getOffsetDateTime("next_response_due_at"));
  // a new ticket and its first timeline entry in one round trip: the entry names the ticket the statement inserts
  private static final String INSERT_WITH_FIRST_MESSAGE =
      "with t as (insert into ticket (mailbox_id, subject, status, priority, requester_id, channel, needs_attention, "
          + "attention_reason) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *), "
          + "m as (insert into ticket_message (ticket_id, mailbox_id, raw_message_id, direction, kind, channel, "
          + "message_id, in_reply_to, refs, from_address, from_name, to_addresses, cc_addresses, subject, body_text, "
          + "reply_text, body_html, classification, warnings) values ((select id from t), $9, $10, $11, $12, $13, $14, "
          + "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26) returning id) select " + COLUMNS
          + ", (select id from m) as first_message_id from t left join contact c on c.id = t.requester_id";

  private final SqlClient client;

  public TicketRepository(SqlClient client) {
    this.client = client;
  }

  public Future<Ticket> create(NewTicket t) {
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  t.mailboxId(),
                  t.subject(),
                  t.status(),
                  t.priority(),
                  t.requesterId(),
                  t.channel(),
                  t.needsAttention(),
                  t.attentionReason()
                }))
        .map(TicketRepository::first);
  }

  /** A ticket opened with its first timeline entry, and that entry's id. */
  public record Opened(Ticket ticket, long firstMessageId) {
    public Opened {
      Objects.requireNonNull(ticket, "ticket");
    }
  }

  /**
   * {@link #create} and {@link TicketMessageRepository#insert} of its first timeline entry in one statement. The
   * entry's {@link NewTicketMessage#ticketId} must be {@link NewTicketMessage#NEW_TICKET}: the ticket does not exist
   * yet, and the statement fills in its id.
   */
  public Future<Opened> createWithFirstMessage(NewTicket t, NewTicketMessage first) {
    if (first.ticketId() != NewTicketMessage.NEW_TICKET) {
      throw new IllegalArgumentException("the first message of a new ticket names no ticket: " + first.ticketId());
    }
    Object[] message = TicketMessageRepository.values(first);
    Object[] values = new Object[8 + message.length - 1];
    values[0] = t.mailboxId();
    values[1] = t.subject();
    values[2] = t.status();
    values[3] = t.priority();
    values[4] = t.requesterId();
    values[5] = t.channel();
    values[6] = t.needsAttention();
    values[7] = t.attentionReason();
    // the message's values without its ticket id, which is the first
    System.arraycopy(message, 1, values, 8, message.length - 1);
    return client
        .preparedQuery(INSERT_WITH_FIRST_MESSAGE)
        .execute(Tuple.from(values))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Opened(MAPPER.apply(row), row.getLong("first_message_id"));
        });
  }

  public Future<Ticket> find(long id) {
    return client.preparedQuery(FIND_BY_ID).execute(Tuple.of(id)).map(TicketRepository::first);
  }

  /** These tickets by id, in one statement; an id without a ticket is absent from the map. */
  public Future<Map<Long, Ticket>> findAll(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client.preparedQuery(FIND_ALL).execute(Tuple.of((Object) ids.toArray(Long[]::new))).map(rows -> {
      Map<Long, Ticket> found = new HashMap<>();
      for (Row row : rows) {
        Ticket t = MAPPER.apply(row);
        found.put(t.id(), t);
      }
      return found;
    });
  }

  public Future<Ticket> findByNumber(long number) {
    return client.preparedQuery(FIND_BY_NUMBER).execute(Tuple.of(number)).map(TicketRepository::first);
  }

  /**
   * The ticket a mail continues, in one round trip: the ticket with number {@code taggedNumber} if that exists, else
   * the newest ticket with a message whose Message-ID is in {@code messageIds}; null when neither.
   */
  public Future<Ticket> findThread(Long taggedNumber, List<String> messageIds) {
    return client
        .preparedQuery(FIND_THREAD)
        .execute(Tuple.of(taggedNumber, (Object) messageIds.toArray(new String[0])))
        .map(TicketRepository::first);
  }

  /**
   * Newest first, or oldest first when {@link TicketQuery#oldestFirst()} (the triage queue); soonest due first when
   * filtered by due time.
   */
  public Future<List<Ticket>> list(TicketQuery q) {
    String sql = q.byDueTime() ? LIST_DUE_FIRST : q.oldestFirst() ? LIST_OLDEST_FIRST : LIST_NEWEST_FIRST;
    return client
        .preparedQuery(sql)
        .execute(filter(q).addInteger(q.limit()).addInteger(q.offset()))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  public Future<Long> count(TicketQuery q) {
    return client
        .preparedQuery(COUNT)
        .execute(filter(q))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Tuple filter(TicketQuery q) {
    return Tuple.of(q.status(), q.awaitingFirstResponse(), q.needsAttention(), utc(q.dueAfter()), utc(q.dueBefore()));
  }

  public Future<Void> markAcknowledged(long ticketId) {
    return client.preparedQuery(MARK_ACKNOWLEDGED).execute(Tuple.of(ticketId)).mapEmpty();
  }

  /** Marks a ticket for a person's attention, e.g. a mail that could not be parsed or delivered. */
  public Future<Void> flag(long ticketId, String reason) {
    return client.preparedQuery(FLAG).execute(Tuple.of(ticketId, reason)).mapEmpty();
  }

  /** The ticket, locked until the transaction ends: changes to status and priority read it first. */
  public Future<Ticket> lock(long id) {
    return client.preparedQuery(LOCK).execute(Tuple.of(id)).map(TicketRepository::first);
  }

  /**
   * Sets status, priority and assignee (null unassigns) and returns the ticket as it is now. Entering resolved or
   * closed stamps resolved_at / closed_at; leaving them clears the stamps.
   */
  public Future<Ticket> updateState(long ticketId, String status, String priority, String assignee) {
    return client
        .preparedQuery(UPDATE_STATE)
        .execute(Tuple.of(ticketId, status, priority, assignee))
        .map(TicketRepository::first);
  }

  /** Records the first human response; later calls keep the first time. */
  public Future<Void> markFirstResponse(long ticketId) {
    return client.preparedQuery(MARK_FIRST_RESPONSE).execute(Tuple.of(ticketId)).mapEmpty();
  }

  /** Links a ticket to the resolved or closed ticket it continues. */
  public Future<Void> setFollows(long ticketNumber, long followsNumber) {
    return client.preparedQuery(SET_FOLLOWS).execute(Tuple.of(ticketNumber, followsNumber)).mapEmpty();
  }

  /** Stores the due times of the response clock (null: none, e.g. answered or paused). */
  public Future<Void> setResponseDue(long ticketId, Instant firstResponseDue, Instant nextResponseDue) {
    return client
        .preparedQuery(SET_RESPONSE_DUE)
        .execute(Tuple.of(ticketId, utc(firstResponseDue), utc(nextResponseDue)))
        .mapEmpty();
  }

  /** A ticket's new response due times, for {@link #setResponseDueAll}. */
  public record ResponseDue(long ticketId, Instant firstResponseDue, Instant nextResponseDue) {}

  /** {@link #setResponseDue} for many tickets in one statement. */
  public Future<Void> setResponseDueAll(List<ResponseDue> dues) {
    if (dues.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.query(planned(dues)).execute().mapEmpty();
  }

  /**
   * The update of many tickets' due times as it is sent: planned each time, not prepared once (as the outbox's lease).
   * The plan PostgreSQL keeps for a prepared statement was made while the ticket table was small, and read every
   * ticket to find the group's few: 8.7 ms an intake group on average over a 20,000-mail import, which autovacuum had
   * not yet analyzed. The values are numbers and instants, written as array literals.
   */
  static String planned(List<ResponseDue> dues) {
    StringJoiner ids = new StringJoiner(",", "'{", "}'::bigint[]");
    StringJoiner first = new StringJoiner(",", "'{", "}'::timestamptz[]");
    StringJoiner next = new StringJoiner(",", "'{", "}'::timestamptz[]");
    for (ResponseDue due : dues) {
      ids.add(Long.toString(due.ticketId()));
      first.add(literal(due.firstResponseDue()));
      next.add(literal(due.nextResponseDue()));
    }
    return SET_RESPONSE_DUE_ALL.replace("$1::bigint[]", ids.toString())
        .replace("$2::timestamptz[]", first.toString())
        .replace("$3::timestamptz[]", next.toString());
  }

  /** An instant in an array literal: ISO-8601 in UTC to the microsecond, as the column keeps it, or NULL. */
  private static String literal(Instant at) {
    return at == null ? "NULL" : at.truncatedTo(ChronoUnit.MICROS).toString();
  }

  /** A person has looked: clears needs_attention and its reason. */
  public Future<Void> clearAttention(long ticketId) {
    return client.preparedQuery(CLEAR_ATTENTION).execute(Tuple.of(ticketId)).mapEmpty();
  }

  private static OffsetDateTime utc(Instant i) {
    return i == null ? null : OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
  }

  public Future<Void> touch(long ticketId) {
    return client.preparedQuery(TOUCH).execute(Tuple.of(ticketId)).mapEmpty();
  }

  private static Ticket first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next());
  }
}
