package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The timeline of each ticket, and the Message-ID index that threads replies to it. */
public final class TicketMessageRepository {
  private static final String COLUMNS =
      "id, ticket_id, mailbox_id, raw_message_id, direction, kind, channel, message_id, in_reply_to, refs, "
          + "from_address, from_name, to_addresses, cc_addresses, subject, body_text, reply_text, body_html, "
          + "classification, warnings, created_at";
  static final String INSERT =
      "insert into ticket_message (ticket_id, mailbox_id, raw_message_id, direction, kind, channel, message_id, "
          + "in_reply_to, refs, from_address, from_name, to_addresses, cc_addresses, subject, body_text, reply_text, "
          + "body_html, classification, warnings) values "
          + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) returning id";
  private static final String BY_TICKET =
      "select " + COLUMNS + " from ticket_message where ticket_id = $1 order by created_at, id";
  // newest match wins: a reply names the most recent message of its thread last in References
  private static final String TICKET_BY_MESSAGE_IDS =
      "select ticket_id from ticket_message where message_id = any($1) order by id desc limit 1";
  private static final String INBOUND_EXISTS =
      "select ticket_id from ticket_message where mailbox_id = $1 and message_id = $2 and direction = 'inbound'";
  private static final String INBOUND_EXISTING =
      "select message_id, ticket_id from ticket_message where mailbox_id = $1 and message_id = any($2)"
          + " and direction = 'inbound'";
  private static final String MESSAGE_IDS_OF_TICKET =
      "select message_id from ticket_message where ticket_id = $1 and message_id is not null order by id";
  // what the requester has seen or written: the mail a reply to them threads under
  private static final String CONVERSATION_IDS =
      "select message_id from ticket_message where ticket_id = $1 and message_id is not null "
          + "and kind in ('customer', 'acknowledgment', 'status-update', 'agent-reply') order by id";
  private static final String UNIQUE_VIOLATION = "23505";

  static final Function<Row, TicketMessage> MAPPER =
      row ->
          new TicketMessage(
              row.getLong("id"),
              row.getLong("ticket_id"),
              row.getLong("mailbox_id"),
              row.getLong("raw_message_id"),
              row.getString("direction"),
              row.getString("kind"),
              row.getString("channel"),
              row.getString("message_id"),
              row.getString("in_reply_to"),
              Arrays.asList(row.getArrayOfStrings("refs")),
              row.getString("from_address"),
              row.getString("from_name"),
              Arrays.asList(row.getArrayOfStrings("to_addresses")),
              Arrays.asList(row.getArrayOfStrings("cc_addresses")),
              row.getString("subject"),
              row.getString("body_text"),
              row.getString("reply_text"),
              row.getString("body_html"),
              row.getString("classification"),
              Arrays.asList(row.getArrayOfStrings("warnings")),
              row.getOffsetDateTime("created_at"));

  private final SqlClient client;

  public TicketMessageRepository(SqlClient client) {
    this.client = client;
  }

  /** Stores an entry and returns its id. Fails with SQLSTATE 23505 on a second inbound copy of a Message-ID. */
  public Future<Long> insert(NewTicketMessage m) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.from(values(m)))
        .map(rows -> rows.iterator().next().getLong("id"));
  }

  static Object[] values(NewTicketMessage m) {
    return new Object[] {
      m.ticketId(),
      m.mailboxId(),
      m.rawMessageId(),
      m.direction(),
      m.kind(),
      m.channel(),
      m.messageId(),
      m.inReplyTo(),
      m.references().toArray(new String[0]),
      m.fromAddress(),
      m.fromName(),
      m.to().toArray(new String[0]),
      m.cc().toArray(new String[0]),
      m.subject(),
      m.bodyText(),
      m.replyText(),
      m.bodyHtml(),
      m.classification(),
      m.warnings().toArray(new String[0])
    };
  }

  public Future<List<TicketMessage>> byTicket(long ticketId) {
    return client
        .preparedQuery(BY_TICKET)
        .execute(Tuple.of(ticketId))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  /** The ticket any of these Message-IDs (received or sent) belongs to, or null. */
  public Future<Long> ticketForMessageIds(List<String> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(null);
    }
    return client
        .preparedQuery(TICKET_BY_MESSAGE_IDS)
        .execute(Tuple.of((Object) messageIds.toArray(new String[0])))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /** The ticket an inbound Message-ID was already filed on in this mailbox, or null. */
  public Future<Long> ticketForInbound(long mailboxId, String messageId) {
    if (messageId == null) {
      return Future.succeededFuture(null);
    }
    return client
        .preparedQuery(INBOUND_EXISTS)
        .execute(Tuple.of(mailboxId, messageId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /**
   * {@link #ticketForInbound} for many Message-IDs in one statement: the ticket of each one already stored inbound in
   * the mailbox; Message-IDs not stored are absent from the map.
   */
  public Future<Map<String, Long>> ticketsForInbound(long mailboxId, Collection<String> messageIds) {
    if (messageIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(INBOUND_EXISTING)
        .execute(Tuple.tuple().addLong(mailboxId).addArrayOfString(messageIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Long> found = new HashMap<>();
          rows.forEach(r -> found.putIfAbsent(r.getString(0), r.getLong(1)));
          return found;
        });
  }

  /** Every Message-ID of the ticket's thread in order, for the References header of mail we send. */
  public Future<List<String>> messageIds(long ticketId) {
    return client
        .preparedQuery(MESSAGE_IDS_OF_TICKET)
        .execute(Tuple.of(ticketId))
        .map(rows -> Rows.list(rows, r -> r.getString(0)));
  }

  /**
   * The Message-IDs of the conversation with the requester, oldest first: their mails and ours to them, without
   * internal notes and coordinators' own mails, whose ids would tell the requester about the coordinator's systems.
   */
  public Future<List<String>> conversationIds(long ticketId) {
    return client
        .preparedQuery(CONVERSATION_IDS)
        .execute(Tuple.of(ticketId))
        .map(rows -> Rows.list(rows, r -> r.getString(0)));
  }

  public static boolean isUniqueViolation(Throwable t) {
    return UNIQUE_VIOLATION.equals(StoreErrors.sqlState(t));
  }
}
