package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The outbox: mail to send, written in the same transaction as the change that caused it. */
public final class OutboxRepository {
  private static final String COLUMNS =
      "id, mailbox_id, ticket_id, ticket_message_id, kind, message_id, from_address, from_name, to_addresses, "
          + "cc_addresses, subject, in_reply_to, refs, headers, body_text, body_html, state, attempts";
  private static final String INSERT =
      "insert into outbox (mailbox_id, ticket_id, ticket_message_id, kind, message_id, from_address, from_name, "
          + "recipient, to_addresses, cc_addresses, subject, in_reply_to, refs, headers, body_text, body_html) values "
          + "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) returning id";
  // a lease rather than a held transaction: no database connection stays open while SMTP is slow, and skip locked
  // keeps two senders (or two instances) from leasing the same row
  // Mail to people (requesters, a coordinator answered) first; the coordinators' notifications only in a lease that
  // found no mail to people due, so in a storm an acknowledgment never waits behind a batch of notifications. Each
  // reads its own index of V20 in its order. "= any(array(...))", not "in (...)": PostgreSQL planned the latter as a
  // hash join over every row of the outbox, which keeps every mail ever sent.
  static final String LEASE_PEOPLE = lease("kind <> 'notification'");
  static final String LEASE_NOTIFICATIONS = lease("kind = 'notification'");

  private static String lease(String which) {
    return "update outbox set locked_until = now() + make_interval(secs => $2) where id = any(array("
        + "select id from outbox where state = 'pending' and " + which + " and next_attempt_at <= now() "
        + "and (locked_until is null or locked_until < now()) "
        + "order by next_attempt_at, id limit $1 for update skip locked)) returning " + COLUMNS;
  }

  // Commits without waiting for the WAL flush (synchronous_commit off for this one transaction): the sender records
  // each mail before the next goes out, and a flush per mail, queued behind the intake's raw bytes, made the sender the
  // slowest stage. The mail is already delivered; what a database server crash can lose is only this record (at
  // most three wal_writer_delay of them), and then the mail is sent again, as with a crash between send and record.
  // A crash of the service itself loses nothing: the server writes the record out on its own.
  private static final String MARK_SENT =
      "with relaxed as (select set_config('synchronous_commit', 'off', true)) "
          + "update outbox set state = 'sent', sent_at = now(), attempts = attempts + 1, last_error = null, "
          + "locked_until = null where id = $1 and state = 'pending' and exists (select from relaxed)";
  private static final String RETRY_LATER =
      "update outbox set attempts = attempts + 1, next_attempt_at = $2, last_error = $3, locked_until = null "
          + "where id = $1";
  // a sender that stops gives back what it leased but did not attempt, so another instance sends it now, not later
  private static final String RELEASE =
      "update outbox set locked_until = null where id = any($1) and state = 'pending'";
  private static final String MARK_FAILED =
      "update outbox set state = 'failed', attempts = attempts + 1, last_error = $2, locked_until = null "
          + "where id = $1";
  // the timeline entry and the outbox row of one outgoing mail, in one round trip
  private static final String INSERT_WITH_MESSAGE =
      "with m as (" + TicketMessageRepository.INSERT + ") insert into outbox (mailbox_id, ticket_id, "
          + "ticket_message_id, kind, message_id, from_address, from_name, recipient, to_addresses, cc_addresses, "
          + "subject, in_reply_to, refs, headers, body_text, body_html) select $20, $21, coalesce($22::bigint, m.id), "
          + "$23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35 from m returning id";
  private static final String[] MESSAGE_COLUMNS = {
    "ticket_id", "mailbox_id", "raw_message_id", "direction", "kind", "channel", "message_id", "in_reply_to", "refs",
    "from_address", "from_name", "to_addresses", "cc_addresses", "subject", "body_text", "reply_text", "body_html",
    "classification", "warnings"};
  private static final String[] OUTBOX_COLUMNS = {
    "mailbox_id", "ticket_id", "ticket_message_id", "kind", "message_id", "from_address", "from_name", "recipient",
    "to_addresses", "cc_addresses", "subject", "in_reply_to", "refs", "headers", "body_text", "body_html"};
  // the rows of a batch statement, given as one JSON array, each with its place in the array (n)
  private static final String JSON_ROWS =
      "with e as (select j, n from jsonb_array_elements($1::jsonb) with ordinality as e(j, n)), ";
  // a batch's acknowledgments in one statement: one JSON array of {m: timeline entry, o: outbox row} in order, typed
  // by the tables' own row types (their array and jsonb columns do not fit unnest); the outbox row finds its timeline
  // entry by ticket, which is unique because a ticket has at most one acknowledgment. The tickets are named by an
  // array ("= any(array(...))"): "in (select ...)" was planned as a hash join over a scan of every ticket, once per
  // intake batch, so an import slowed down with the size of the help desk's history
  static final String INSERT_ACKNOWLEDGMENTS =
      JSON_ROWS
          + "m as (insert into ticket_message (" + String.join(", ", MESSAGE_COLUMNS) + ") select "
          + prefixed("p.", MESSAGE_COLUMNS) + " from e cross join jsonb_populate_record(null::ticket_message, e.j->'m') p "
          + "order by e.n returning id, ticket_id), "
          + "t as (update ticket set acknowledged_at = coalesce(acknowledged_at, now()), updated_at = now() "
          + "where id = any(array(select ticket_id from m))) "
          + "insert into outbox (" + String.join(", ", OUTBOX_COLUMNS) + ") select "
          + prefixed("o.", OUTBOX_COLUMNS).replace("o.ticket_message_id", "coalesce(o.ticket_message_id, m.id)")
          + " from e cross join jsonb_populate_record(null::outbox, e.j->'o') o join m on m.ticket_id = o.ticket_id "
          + "order by e.n";
  // claimed notifications' mails in one statement, typed like the acknowledgments': each outbox row with the id its
  // claim gave it, and the stored attachments it carries, in order
  static final String INSERT_NOTIFICATIONS =
      JSON_ROWS
          + "o as (insert into outbox (id, " + String.join(", ", OUTBOX_COLUMNS) + ") select (e.j->>'outbox')::bigint, "
          + prefixed("o.", OUTBOX_COLUMNS) + " from e cross join jsonb_populate_record(null::outbox, e.j->'o') o "
          + "order by e.n) "
          + "insert into outbox_attachment (outbox_id, seq, attachment_id) "
          + "select (e.j->>'outbox')::bigint, f.seq - 1, f.id::bigint from e "
          + "cross join jsonb_array_elements_text(e.j->'files') with ordinality as f(id, seq)";
  private static final String MARK_BOUNCED =
      "update outbox set state = 'bounced', bounced_at = now(), last_error = $2, locked_until = null "
          + "where message_id = $1 and state <> 'pending'";
  private static final String COUNT_RECENT =
      "select count(*) from outbox where recipient = $1 and kind = $2 and created_at > $3";
  private static final String COUNT_RECENT_MANY =
      "select recipient, count(*) from outbox where recipient = any($1) and kind = $2 and created_at > $3"
          + " group by recipient";
  private static final String BY_TICKET = "select " + COLUMNS + " from outbox where ticket_id = $1 order by id";

  static final Function<Row, OutboxMail> MAPPER =
      row ->
          new OutboxMail(
              row.getLong("id"),
              row.getLong("mailbox_id"),
              row.getLong("ticket_id"),
              row.getLong("ticket_message_id"),
              row.getString("kind"),
              row.getString("message_id"),
              row.getString("from_address"),
              row.getString("from_name"),
              Arrays.asList(row.getArrayOfStrings("to_addresses")),
              Arrays.asList(row.getArrayOfStrings("cc_addresses")),
              row.getString("subject"),
              row.getString("in_reply_to"),
              Arrays.asList(row.getArrayOfStrings("refs")),
              row.getJsonObject("headers"),
              row.getString("body_text"),
              row.getString("body_html"),
              row.getString("state"),
              row.getInteger("attempts"));

  private final SqlClient client;

  public OutboxRepository(SqlClient client) {
    this.client = client;
  }

  public Future<Long> enqueue(NewOutboxMail m) {
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.from(values(m)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Enqueues a mail together with its entry on the ticket's timeline; returns the outbox id. */
  public Future<Long> enqueueWithMessage(NewTicketMessage message, NewOutboxMail m) {
    Object[] messageValues = TicketMessageRepository.values(message);
    Object[] outboxValues = values(m);
    Object[] all = new Object[messageValues.length + outboxValues.length];
    System.arraycopy(messageValues, 0, all, 0, messageValues.length);
    System.arraycopy(outboxValues, 0, all, messageValues.length, outboxValues.length);
    return client
        .preparedQuery(INSERT_WITH_MESSAGE)
        .execute(Tuple.from(all))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** A ticket's acknowledgment: its entry on the timeline and its outbox row. */
  public record Acknowledgment(NewTicketMessage message, NewOutboxMail mail) {
    public Acknowledgment {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(mail, "mail");
      if (mail.ticketId() == null || !mail.ticketId().equals(message.ticketId())) {
        throw new IllegalArgumentException("an acknowledgment's outbox row and timeline entry name one ticket");
      }
    }
  }

  /**
   * Enqueues acknowledgments of different tickets with one statement, in the order given: each with its timeline
   * entry, and each ticket marked acknowledged, as {@link #enqueueWithMessage} and
   * {@link TicketRepository#markAcknowledged} do one by one. A second acknowledgment of a ticket fails the statement.
   */
  public Future<Void> enqueueAcknowledgments(List<Acknowledgment> acknowledgments) {
    if (acknowledgments.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray rows = new JsonArray();
    for (Acknowledgment a : acknowledgments) {
      rows.add(new JsonObject()
          .put("m", json(MESSAGE_COLUMNS, TicketMessageRepository.values(a.message())))
          .put("o", json(OUTBOX_COLUMNS, values(a.mail()))));
    }
    return client.preparedQuery(INSERT_ACKNOWLEDGMENTS).execute(Tuple.of(rows)).mapEmpty();
  }

  /**
   * A claimed notification's mail: its outbox row, and the stored attachments it carries, in order.
   *
   * @param outboxId the id its claim gave it ({@link NotificationRepository.Claimed#outboxId})
   * @param attachmentIds stored attachments with content (not one dropped for a limit, which has nothing to send)
   */
  public record NotificationMail(long outboxId, NewOutboxMail mail, List<Long> attachmentIds) {
    public NotificationMail {
      Objects.requireNonNull(mail, "mail");
      Objects.requireNonNull(mail.messageId(), "a notification's Message-ID");
      attachmentIds = List.copyOf(attachmentIds);
    }
  }

  /**
   * Enqueues claimed notifications' mails with one statement, in the order given, each with the id its claim gave it
   * and with its attachments (read back by {@link OutboxAttachmentRepository#forOutbox}), as {@link #enqueue} does one
   * by one. Run it in the claims' transaction.
   */
  public Future<Void> enqueueNotifications(List<NotificationMail> mails) {
    if (mails.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray rows = new JsonArray();
    for (NotificationMail m : mails) {
      rows.add(new JsonObject()
          .put("outbox", m.outboxId())
          .put("o", json(OUTBOX_COLUMNS, values(m.mail())))
          .put("files", new JsonArray(m.attachmentIds().stream().map(String::valueOf).toList())));
    }
    return client.preparedQuery(INSERT_NOTIFICATIONS).execute(Tuple.of(rows)).mapEmpty();
  }

  private static JsonObject json(String[] columns, Object[] values) {
    JsonObject row = new JsonObject();
    for (int i = 0; i < columns.length; i++) {
      Object value = values[i];
      row.put(columns[i], value instanceof String[] array ? new JsonArray(Arrays.asList((Object[]) array)) : value);
    }
    return row;
  }

  private static String prefixed(String prefix, String[] columns) {
    return Arrays.stream(columns).map(c -> prefix + c).collect(Collectors.joining(", "));
  }

  /** The values of {@link #INSERT}, in its column order. */
  private static Object[] values(NewOutboxMail m) {
    return new Object[] {
      m.mailboxId(),
      m.ticketId(),
      m.ticketMessageId(),
      m.kind(),
      m.messageId(),
      m.fromAddress(),
      m.fromName(),
      m.to().get(0).toLowerCase(Locale.ROOT),
      m.to().toArray(new String[0]),
      m.cc().toArray(new String[0]),
      m.subject(),
      m.inReplyTo(),
      m.references().toArray(new String[0]),
      m.headers(),
      m.bodyText(),
      m.bodyHtml()
    };
  }

  /**
   * Leases due mail for {@code lease}: no other sender takes these rows until the lease runs out, so a sender that
   * dies mid-send leaves them to be retried. Mail to people, oldest first; only when none is due, the coordinators'
   * notifications, oldest first.
   */
  public Future<List<OutboxMail>> leaseDue(int limit, Duration lease) {
    return lease(LEASE_PEOPLE, limit, lease)
        .compose(people -> people.isEmpty() ? lease(LEASE_NOTIFICATIONS, limit, lease) : Future.succeededFuture(people));
  }

  private Future<List<OutboxMail>> lease(String sql, int limit, Duration lease) {
    return client
        .query(planned(sql, limit, lease))
        .execute()
        .map(
            rows -> {
              // UPDATE ... RETURNING gives no order; send oldest first
              List<OutboxMail> list = Rows.list(rows, MAPPER);
              list.sort(Comparator.comparingLong(OutboxMail::id));
              return list;
            });
  }

  /**
   * A lease as it is sent: planned each time, not prepared once. A prepared statement's plan is kept for the
   * connection's life, and the one PostgreSQL made while the outbox was nearly empty (a fresh install, the first
   * batches of an import) read the whole table to find the rows the lease had chosen by index: 72,000 rows and up to
   * 280 ms a lease by the end of a 20,000-mail bench, which autovacuum had not yet analyzed. Both values are numbers.
   */
  static String planned(String sql, int limit, Duration lease) {
    return sql.replace("$1", Integer.toString(limit)).replace("$2", Long.toString(lease.toSeconds()));
  }

  public Future<List<OutboxMail>> byTicket(long ticketId) {
    return client
        .preparedQuery(BY_TICKET)
        .execute(Tuple.of(ticketId))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  public Future<Void> markSent(long id) {
    return client.preparedQuery(MARK_SENT).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> retryLater(long id, OffsetDateTime at, String error) {
    return client.preparedQuery(RETRY_LATER).execute(Tuple.of(id, at, error)).mapEmpty();
  }

  public Future<Void> markFailed(long id, String error) {
    return client.preparedQuery(MARK_FAILED).execute(Tuple.of(id, error)).mapEmpty();
  }

  /** Records that the mail with this Message-ID came back undeliverable; no-op for an id we never sent. */
  public Future<Void> markBounced(String messageId, String detail) {
    return client.preparedQuery(MARK_BOUNCED).execute(Tuple.of(messageId, detail)).mapEmpty();
  }

  /** How many mails of this kind went to this recipient within the window: the auto-reply rate limit. */
  public Future<Long> countRecent(String recipient, String kind, Duration window) {
    return client
        .preparedQuery(COUNT_RECENT)
        .execute(Tuple.of(recipient.toLowerCase(Locale.ROOT), kind, OffsetDateTime.now().minus(window)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * {@link #countRecent} for many recipients in one statement, keyed by the lower-cased address; a recipient with
   * none is absent.
   */
  public Future<Map<String, Long>> countRecent(Collection<String> recipients, String kind, Duration window) {
    if (recipients.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String[] lower = recipients.stream().map(r -> r.toLowerCase(Locale.ROOT)).distinct().toArray(String[]::new);
    return client
        .preparedQuery(COUNT_RECENT_MANY)
        .execute(Tuple.tuple().addArrayOfString(lower).addString(kind).addOffsetDateTime(OffsetDateTime.now().minus(window)))
        .map(rows -> {
          Map<String, Long> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString(0), r.getLong(1)));
          return out;
        });
  }

  /** Gives back leased mail that was not attempted: due again at once for any sender. */
  public Future<Void> release(List<Long> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return client.preparedQuery(RELEASE).execute(Tuple.of(ids.toArray(Long[]::new))).mapEmpty();
  }
}
