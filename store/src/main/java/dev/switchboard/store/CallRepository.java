package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finished phone calls, and the ticket look-ups phone intake needs. Storing is idempotent on (pbx, linkedid): the same
 * call reported twice is stored once.
 */
public final class CallRepository {
  private static final String COLUMNS =
      "c.id, c.pbx, c.linkedid, c.direction, c.caller_number, c.caller_e164, c.caller_name, c.dialled_number, "
          + "c.answered_by_extension, c.answered_by_name, c.queue, c.transfers, c.started_at, c.answered_at, "
          + "c.ended_at, c.ring_seconds, c.talk_seconds, c.disposition, c.voicemail_box, c.expired, c.mid_call, "
          + "c.contact_id, p.email as contact_email, p.name as contact_name, c.ticket_id, t.number as ticket_number, "
          + "c.ticket_message_id, c.created_at";
  private static final String FROM =
      " from call c left join contact p on p.id = c.contact_id left join ticket t on t.id = c.ticket_id ";
  private static final String INSERT =
      "insert into call (pbx, linkedid, direction, caller_number, caller_e164, caller_name, dialled_number, "
          + "answered_by_extension, answered_by_name, queue, transfers, started_at, answered_at, ended_at, "
          + "ring_seconds, talk_seconds, disposition, voicemail_box, expired, mid_call, contact_id) values "
          + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) "
          + "on conflict (pbx, linkedid) do nothing returning id";
  private static final String LINK = "update call set ticket_id = $2, ticket_message_id = $3 where id = $1";
  private static final String FIND = "select " + COLUMNS + FROM + "where c.id = $1";
  private static final String LIST =
      "select " + COLUMNS + FROM
          + "where ($1::text is null or c.disposition = $1) and ($2::text is null or c.direction = $2) "
          + "order by c.started_at desc, c.id desc limit $3 offset $4";
  private static final String COUNT =
      "select count(*) from call c where ($1::text is null or c.disposition = $1) "
          + "and ($2::text is null or c.direction = $2)";
  private static final String BY_TICKET =
      "select " + COLUMNS + FROM + "where c.ticket_id = $1 order by c.started_at, c.id";
  private static final String OPEN = "t.status not in ('resolved', 'closed')";
  private static final String RECENT_TICKET_OF_NUMBER =
      "select c.ticket_id from call c join ticket t on t.id = c.ticket_id where c.caller_e164 = $1 "
          + "and c.started_at >= $2 and c.disposition = any($3) and " + OPEN
          + " order by c.started_at desc, c.id desc limit 1";
  private static final String OPEN_TICKET_OF_CONTACT =
      "select t.id from ticket t where t.requester_id = $1 and " + OPEN + " order by t.updated_at desc, t.id desc limit 1";
  // the timeline is ordered by created_at: a call belongs where it started, not where it was filed
  private static final String DATE_MESSAGE = "update ticket_message set created_at = $2 where id = $1";

  static final Function<Row, Call> MAPPER =
      row ->
          new Call(
              row.getLong("id"),
              row.getString("pbx"),
              row.getString("linkedid"),
              row.getString("direction"),
              row.getString("caller_number"),
              row.getString("caller_e164"),
              row.getString("caller_name"),
              row.getString("dialled_number"),
              row.getString("answered_by_extension"),
              row.getString("answered_by_name"),
              row.getString("queue"),
              transfers(row.getJsonArray("transfers")),
              instant(row.getOffsetDateTime("started_at")),
              instant(row.getOffsetDateTime("answered_at")),
              instant(row.getOffsetDateTime("ended_at")),
              row.getInteger("ring_seconds"),
              row.getInteger("talk_seconds"),
              row.getString("disposition"),
              row.getString("voicemail_box"),
              row.getBoolean("expired"),
              row.getBoolean("mid_call"),
              row.getLong("contact_id"),
              row.getString("contact_email"),
              row.getString("contact_name"),
              row.getLong("ticket_id"),
              row.getLong("ticket_number"),
              row.getLong("ticket_message_id"),
              instant(row.getOffsetDateTime("created_at")));

  private final SqlClient client;

  public CallRepository(SqlClient client) {
    this.client = client;
  }

  /** Stores a call and returns its id, or null when this PBX already reported a call with that Linkedid. */
  public Future<Long> insert(NewCall c) {
    JsonArray transfers = new JsonArray();
    c.transfers().forEach(
        t -> transfers.add(
            new JsonObject().put("from", t.from()).put("to", t.to()).put("kind", t.kind()).put("at", t.at().toString())));
    return client
        .preparedQuery(INSERT)
        .execute(
            Tuple.from(
                new Object[] {
                  c.pbx(), c.linkedid(), c.direction(), c.callerNumber(), c.callerE164(), c.callerName(),
                  c.dialledNumber(), c.answeredByExtension(), c.answeredByName(), c.queue(), transfers,
                  time(c.startedAt()), time(c.answeredAt()), time(c.endedAt()), (int) c.ringSeconds(),
                  (int) c.talkSeconds(), c.disposition(), c.voicemailBox(), c.expired(), c.midCall(), c.contactId()
                }))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** Records the ticket and timeline entry a call was filed on. */
  public Future<Void> link(long callId, long ticketId, long ticketMessageId) {
    return client.preparedQuery(LINK).execute(Tuple.of(callId, ticketId, ticketMessageId)).mapEmpty();
  }

  /** Puts a timeline entry at the moment the call started, so it sorts among the mails where it happened. */
  public Future<Void> dateMessage(long ticketMessageId, Instant at) {
    return client.preparedQuery(DATE_MESSAGE).execute(Tuple.of(ticketMessageId, time(at))).mapEmpty();
  }

  public Future<Call> find(long id) {
    return client
        .preparedQuery(FIND)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next()));
  }

  public Future<List<Call>> list(CallQuery q) {
    return client
        .preparedQuery(LIST)
        .execute(Tuple.of(q.disposition(), q.direction(), q.limit(), q.offset()))
        .map(CallRepository::all);
  }

  public Future<Long> count(CallQuery q) {
    return client
        .preparedQuery(COUNT)
        .execute(Tuple.of(q.disposition(), q.direction()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The calls filed on a ticket, oldest first. */
  public Future<List<Call>> byTicket(long ticketId) {
    return client.preparedQuery(BY_TICKET).execute(Tuple.of(ticketId)).map(CallRepository::all);
  }

  /**
   * The open ticket (not resolved or closed) that the latest call from this number with one of these dispositions,
   * started at or after {@code since}, was filed on; null when there is none.
   */
  public Future<Long> recentOpenTicketOfNumber(String e164, Instant since, List<String> dispositions) {
    return client
        .preparedQuery(RECENT_TICKET_OF_NUMBER)
        .execute(Tuple.of(e164, time(since), dispositions.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** The contact's most recently updated ticket that is neither resolved nor closed, or null. */
  public Future<Long> openTicketOfContact(long contactId) {
    return client
        .preparedQuery(OPEN_TICKET_OF_CONTACT)
        .execute(Tuple.of(contactId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  private static List<Call> all(Iterable<Row> rows) {
    List<Call> list = new ArrayList<>();
    rows.forEach(r -> list.add(MAPPER.apply(r)));
    return list;
  }

  private static List<CallTransfer> transfers(JsonArray json) {
    List<CallTransfer> list = new ArrayList<>();
    if (json != null) {
      for (int i = 0; i < json.size(); i++) {
        JsonObject t = json.getJsonObject(i);
        list.add(new CallTransfer(t.getString("from"), t.getString("to"), t.getString("kind"),
            Instant.parse(t.getString("at"))));
      }
    }
    return list;
  }

  private static OffsetDateTime time(Instant at) {
    return at == null ? null : at.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
