package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Attachments, with their contents de-duplicated by SHA-256. */
public final class AttachmentRepository {
  private static final String INSERT_BLOB =
      "insert into attachment_blob (sha256, size, content) values ($1, $2, $3) on conflict (sha256) do nothing";
  private static final String INSERT =
      "insert into attachment (ticket_message_id, filename, content_type, size, inline, content_id, sha256) "
          + "values ($1, $2, $3, $4, $5, $6, $7) returning id";
  private static final String BY_MESSAGES =
      "select id, ticket_message_id, filename, content_type, size, inline, content_id, sha256 from attachment "
          + "where ticket_message_id = any($1) order by id";
  private static final String CONTENT = "select content from attachment_blob where sha256 = $1";

  private final SqlClient client;

  public AttachmentRepository(SqlClient client) {
    this.client = client;
  }

  public Future<Long> insert(long ticketMessageId, NewAttachment a) {
    Future<Void> blob =
        a.content() == null
            ? Future.succeededFuture()
            : client
                .preparedQuery(INSERT_BLOB)
                .execute(Tuple.of(a.sha256(), a.size(), Buffer.buffer(a.content())))
                .mapEmpty();
    return blob.compose(
        v ->
            client
                .preparedQuery(INSERT)
                .execute(
                    Tuple.from(
                        new Object[] {
                          ticketMessageId, a.filename(), a.contentType(), a.size(), a.inline(), a.contentId(),
                          a.sha256()
                        }))
                .map(rows -> rows.iterator().next().getLong(0)));
  }

  public Future<List<AttachmentInfo>> byMessages(List<Long> ticketMessageIds) {
    if (ticketMessageIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client
        .preparedQuery(BY_MESSAGES)
        .execute(Tuple.of((Object) ticketMessageIds.toArray(new Long[0])))
        .map(
            rows -> {
              List<AttachmentInfo> list = new ArrayList<>(rows.size());
              rows.forEach(
                  r ->
                      list.add(
                          new AttachmentInfo(
                              r.getLong("id"),
                              r.getLong("ticket_message_id"),
                              r.getString("filename"),
                              r.getString("content_type"),
                              r.getLong("size"),
                              r.getBoolean("inline"),
                              r.getString("content_id"),
                              r.getString("sha256"),
                              r.getString("sha256") != null)));
              return list;
            });
  }

  public Future<byte[]> content(String sha256) {
    return client
        .preparedQuery(CONTENT)
        .execute(Tuple.of(sha256))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0).getBytes());
  }
}
