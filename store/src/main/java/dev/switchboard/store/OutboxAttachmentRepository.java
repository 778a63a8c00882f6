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
