package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Which stored attachments a queued mail carries ({@code outbox_attachment}); references, never copies. */
public final class OutboxAttachmentRepository {
  // an attachment whose content was dropped for a limit has no blob to send: it is never attached
  private static final String ADD =
      "insert into outbox_attachment (outbox_id, seq, attachment_id) "
          + "select $1, s.seq - 1, s.id from unnest($2::bigint[]) with ordinality as s (id, seq) "
          + "join attachment a on a.id = s.id where a.sha256 is not null";
  private static final String FOR_OUTBOX =
      "select o.outbox_id, o.seq, a.filename, a.content_type, a.size, a.sha256 from outbox_attachment o "
          + "join attachment a on a.id = o.attachment_id where o.outbox_id = any($1) order by o.outbox_id, o.seq";

  static final Function<Row, OutboxAttachment> MAPPER =
      r ->
          new OutboxAttachment(
              r.getLong("outbox_id"),
              r.getInteger("seq"),
              r.getString("filename"),
              r.getString("content_type"),
              r.getLong("size"),
              r.getString("sha256"));

  private final SqlClient client;

  public OutboxAttachmentRepository(SqlClient client) {
    this.client = client;
  }

  /** Makes the queued mail carry these stored attachments, in this order; run it in the enqueueing transaction. */
  public Future<Void> add(long outboxId, List<Long> attachmentIds) {
    if (attachmentIds.isEmpty()) {
      return Future.succeededFuture();
    }
    return client
        .preparedQuery(ADD)
        .execute(Tuple.of(outboxId, (Object) attachmentIds.toArray(new Long[0])))
        .mapEmpty();
  }

  /** The attachments of each of these mails, in order; a mail without any is absent from the map. */
  public Future<Map<Long, List<OutboxAttachment>>> forOutbox(List<Long> outboxIds) {
    if (outboxIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(FOR_OUTBOX)
        .execute(Tuple.of((Object) outboxIds.toArray(new Long[0])))
        .map(rows -> {
          Map<Long, List<OutboxAttachment>> out = new LinkedHashMap<>();
          for (OutboxAttachment a : Rows.list(rows, MAPPER)) {
            out.computeIfAbsent(a.outboxId(), k -> new ArrayList<>()).add(a);
          }
          return out;
        });
  }
}
