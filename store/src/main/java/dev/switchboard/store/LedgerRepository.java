package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The intake ledger: every received message with its state, for the operator's API and {@code switchboard reconcile};
 * and the replay of a set-aside or failed message.
 */
public final class LedgerRepository {
  /** Must say what {@link LedgerState#of(RawMessageRepository.State, String, boolean)} says. */
  private static final String LEDGER_STATE =
      "case r.state when 'received' then 'pending' when 'duplicate' then 'duplicate' when 'failed' then 'failed' "
          + "else case when r.error is not null and tm.id is null then 'set-aside' else 'imported' end end";
  private static final String FROM =
      " from raw_message r join mailbox m on m.id = r.mailbox_id "
          + "left join ticket_message tm on tm.raw_message_id = r.id left join ticket t on t.id = tm.ticket_id ";
  private static final String COLUMNS =
      "select r.id, r.mailbox_id, m.name as mailbox, r.uid_validity, r.uid, r.size, r.received_at, r.processed_at, "
          + "r.state, r.error, tm.id as ticket_message_id, tm.ticket_id, t.number as ticket_number, r.reprocessed_at, "
          + "r.reprocessed_by, r.reprocess_count" + FROM;
  private static final String FILTER =
      "where ($1::text is null or (" + LEDGER_STATE + ") = $1) and ($2::text is null or m.name = $2) ";
  private static final String LIST = COLUMNS + FILTER + "order by r.id desc limit $3 offset $4";
  private static final String COUNT = "select count(*)" + FROM + FILTER;
  private static final String FIND = COLUMNS + "where r.id = $1";
  private static final String LOCK = COLUMNS + "where r.id = $1 for update of r";
  private static final String BY_UIDS =
      COLUMNS + "where r.mailbox_id = $1 and r.uid_validity = $2 and r.uid = any($3) order by r.uid";
  private static final String PENDING = COLUMNS + "where r.mailbox_id = $1 and r.state = 'received' order by r.id";
  private static final String UNLINK = "update ticket_message set raw_message_id = null where raw_message_id = $1";
  private static final String REPLAY =
      "update raw_message set state = 'received', error = null, processed_at = null, reprocessed_at = now(), "
          + "reprocessed_by = $2, reprocess_count = reprocess_count + 1 where id = $1";
  private static final int UID_CHUNK = 5000;

  static final Function<Row, LedgerEntry> MAPPER =
      row -> {
        RawMessageRepository.State stored =
            RawMessageRepository.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT));
        String error = row.getString("error");
        return new LedgerEntry(
            row.getLong("id"),
            row.getLong("mailbox_id"),
            row.getString("mailbox"),
            row.getLong("uid_validity"),
            row.getLong("uid"),
            row.getInteger("size"),
            row.getOffsetDateTime("received_at"),
            row.getOffsetDateTime("processed_at"),
            LedgerState.of(stored, error, row.getLong("ticket_message_id") != null),
            error,
            row.getLong("ticket_id"),
            row.getLong("ticket_number"),
            row.getOffsetDateTime("reprocessed_at"),
            row.getString("reprocessed_by"),
            row.getInteger("reprocess_count"));
      };

  private final SqlClient client;

  public LedgerRepository(SqlClient client) {
    this.client = client;
  }

  public Future<List<LedgerEntry>> list(LedgerQuery query) {
    return client
        .preparedQuery(LIST)
        .execute(Tuple.of(label(query), query.mailbox(), query.limit(), query.offset()))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  public Future<Long> count(LedgerQuery query) {
    return client
        .preparedQuery(COUNT)
        .execute(Tuple.of(label(query), query.mailbox()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The entry, or null. */
  public Future<LedgerEntry> find(long id) {
    return client.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> Rows.first(rows, MAPPER));
  }

  /** The entries of these UIDs under this UIDVALIDITY; UIDs never stored have none. */
  public Future<List<LedgerEntry>> byUids(long mailboxId, long uidValidity, List<Long> uids) {
    List<LedgerEntry> out = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < uids.size(); from += UID_CHUNK) {
      Long[] chunk = uids.subList(from, Math.min(uids.size(), from + UID_CHUNK)).toArray(new Long[0]);
      chain = chain.compose(v -> client
          .preparedQuery(BY_UIDS)
          .execute(Tuple.of(mailboxId, uidValidity, chunk))
          .map(rows -> {
            out.addAll(Rows.list(rows, MAPPER));
            return null;
          }));
    }
    return chain.map(out);
  }

  /** Every message of the mailbox committed but not processed, oldest first. */
  public Future<List<LedgerEntry>> pending(long mailboxId) {
    return client.preparedQuery(PENDING).execute(Tuple.of(mailboxId)).map(rows -> Rows.list(rows, MAPPER));
  }

  /**
   * Sends a set-aside or failed message back to the intake, which takes pending messages up on its next cycle. Run it
   * in a transaction. A failed message's "unprocessable message" ticket lets go of it (the raw message can be on one
   * ticket only) and records the replay in its audit trail.
   *
   * @return the entry as it was before, or null when there is none; nothing changed unless it was
   *     {@link LedgerState#replayable()}
   */
  public Future<LedgerEntry> reprocess(long id, String actor) {
    return client
        .preparedQuery(LOCK)
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, MAPPER))
        .compose(before -> {
          if (before == null || !before.state().replayable()) {
            return Future.succeededFuture(before);
          }
          Future<Void> released = before.ticketId() == null
              ? Future.succeededFuture()
              : client.preparedQuery(UNLINK).execute(Tuple.of(id))
                  .compose(v -> new TicketEventRepository(client).append(before.ticketId(), actor,
                      "raw-message-reprocessed", new JsonObject().put("rawMessageId", id)));
          return released
              .compose(v -> client.preparedQuery(REPLAY).execute(Tuple.of(id, actor)))
              .map(before);
        });
  }

  private static String label(LedgerQuery query) {
    return query.state() == null ? null : query.state().label();
  }
}
