package dev.switchboard.store;

import dev.switchboard.errors.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import dev.switchboard.store.internal.Rows;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Attachments, with their contents de-duplicated by SHA-256 and kept in rows of at most {@link #CHUNK_BYTES}: the
 * reactive client holds every bytea value whole in memory, so a chunk is the most any one statement costs in heap,
 * however large the attachment.
 */
public final class AttachmentRepository {
  /** Content rows hold this many bytes; only the last row of a blob is shorter. */
  public static final int CHUNK_BYTES = 1024 * 1024;

  private static final String CLAIM_BLOB =
      "insert into attachment_blob (sha256, size) values ($1, $2) on conflict (sha256) do nothing returning sha256";
  private static final String INSERT_CHUNK = "insert into attachment_chunk (sha256, seq, data) values ($1, $2, $3)";
  private static final String INSERT =
      "insert into attachment (ticket_message_id, filename, content_type, size, inline, content_id, sha256) "
          + "values ($1, $2, $3, $4, $5, $6, $7) returning id";
  private static final String BY_MESSAGES =
      "select id, ticket_message_id, filename, content_type, size, inline, content_id, sha256 from attachment "
          + "where ticket_message_id = any($1) order by id";
  private static final String BY_RAW_MESSAGES =
      "select m.raw_message_id, a.id, a.ticket_message_id, a.filename, a.content_type, a.size, a.inline, a.content_id, "
          + "a.sha256 from attachment a join ticket_message m on m.id = a.ticket_message_id "
          + "where m.raw_message_id = any($1) order by a.id";
  private static final String BLOB_SIZE = "select size from attachment_blob where sha256 = $1";
  private static final String CHUNK = "select data from attachment_chunk where sha256 = $1 and seq = $2";

  private final SqlClient client;

  public AttachmentRepository(SqlClient client) {
    this.client = client;
  }

  /**
   * Stores the attachment row and, unless a blob with the same SHA-256 exists already, its content chunk by chunk.
   * Run it in a transaction: the blob row and its chunks then become visible together. The content is checked
   * against its size and SHA-256, so a blob's key always describes its bytes.
   */
  public Future<Long> insert(long ticketMessageId, NewAttachment a) {
    Future<Void> blob = a.dropped() ? Future.succeededFuture() : storeBlob(a);
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

  private Future<Void> storeBlob(NewAttachment a) {
    return client
        .preparedQuery(CLAIM_BLOB)
        .execute(Tuple.of(a.sha256(), a.size()))
        .compose(
            claimed -> {
              // another message (or an earlier part of this one) stored the same bytes
              if (claimed.rowCount() == 0) {
                return Future.succeededFuture();
              }
              BlobSource.Reader reader;
              try {
                reader = a.content().open();
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
              ChunkWriter writer = new ChunkWriter(a, reader);
              return writer.next().eventually(() -> {
                reader.close();
                return Future.succeededFuture();
              });
            });
  }

  /** Reads one chunk, inserts it, and only then reads the next: one chunk in memory at a time. */
  private final class ChunkWriter {
    private final NewAttachment attachment;
    private final BlobSource.Reader reader;
    private final MessageDigest digest = sha256();
    private long written;
    private int seq;

    ChunkWriter(NewAttachment attachment, BlobSource.Reader reader) {
      this.attachment = attachment;
      this.reader = reader;
    }

    Future<Void> next() {
      return reader.next(CHUNK_BYTES).compose(this::write);
    }

    private Future<Void> write(Buffer chunk) {
      if (chunk.length() == 0) {
        return verify();
      }
      if (chunk.length() > CHUNK_BYTES) {
        return Future.failedFuture(new IllegalStateException(
            "content source returned " + chunk.length() + " bytes, more than the " + CHUNK_BYTES + " asked for"));
      }
      written += chunk.length();
      if (written > attachment.size()) {
        return Future.failedFuture(SwitchboardException.permanent(
            "attachment content is longer than its size " + attachment.size() + " sha256=" + attachment.sha256()));
      }
      digest.update(chunk.getBytes());
      int at = seq++;
      return client
          .preparedQuery(INSERT_CHUNK)
          .execute(Tuple.of(attachment.sha256(), at, chunk))
          .compose(rows -> next());
    }

    private Future<Void> verify() {
      String actual = HexFormat.of().formatHex(digest.digest());
      if (written != attachment.size() || !actual.equalsIgnoreCase(attachment.sha256())) {
        return Future.failedFuture(SwitchboardException.permanent(
            "attachment content does not match its description: expected size=" + attachment.size() + " sha256="
                + attachment.sha256() + ", read size=" + written + " sha256=" + actual));
      }
      return Future.succeededFuture();
    }
  }

  static final Function<Row, AttachmentInfo> MAPPER =
      r ->
          new AttachmentInfo(
              r.getLong("id"),
              r.getLong("ticket_message_id"),
              r.getString("filename"),
              r.getString("content_type"),
              r.getLong("size"),
              r.getBoolean("inline"),
              r.getString("content_id"),
              r.getString("sha256"),
              r.getString("sha256") != null);

  public Future<List<AttachmentInfo>> byMessages(List<Long> ticketMessageIds) {
    if (ticketMessageIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return client
        .preparedQuery(BY_MESSAGES)
        .execute(Tuple.of((Object) ticketMessageIds.toArray(new Long[0])))
        .map(rows -> Rows.list(rows, MAPPER));
  }

  /**
   * The attachments of the mails stored from these raw messages, by raw message and in order, in one statement; a raw
   * message without attachments is absent.
   */
  public Future<Map<Long, List<AttachmentInfo>>> byRawMessages(Collection<Long> rawMessageIds) {
    if (rawMessageIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return client
        .preparedQuery(BY_RAW_MESSAGES)
        .execute(Tuple.of((Object) rawMessageIds.toArray(Long[]::new)))
        .map(rows -> {
          Map<Long, List<AttachmentInfo>> byRaw = new HashMap<>();
          for (Row row : rows) {
            byRaw.computeIfAbsent(row.getLong("raw_message_id"), k -> new ArrayList<>()).add(MAPPER.apply(row));
          }
          return byRaw;
        });
  }

  /** The stored size of a blob, or null when there is no blob with this digest. */
  public Future<Long> size(String sha256) {
    return client
        .preparedQuery(BLOB_SIZE)
        .execute(Tuple.of(sha256))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong(0));
  }

  /**
   * Hands the content to {@code sink} one chunk at a time, in order, asking for the next chunk only when the sink's
   * future completed: a slow HTTP client holds one chunk in memory, not the whole blob.
   */
  public Future<Void> stream(String sha256, Function<Buffer, Future<Void>> sink) {
    return streamFrom(sha256, 0, sink);
  }

  private Future<Void> streamFrom(String sha256, int seq, Function<Buffer, Future<Void>> sink) {
    return client
        .preparedQuery(CHUNK)
        .execute(Tuple.of(sha256, seq))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Buffer data = rows.iterator().next().getBuffer(0);
              return sink.apply(data).compose(v -> streamFrom(sha256, seq + 1, sink));
            });
  }

  /** One chunk of a blob's content ({@code seq} from 0), or null past the last one. */
  public Future<Buffer> chunk(String sha256, int seq) {
    return client
        .preparedQuery(CHUNK)
        .execute(Tuple.of(sha256, seq))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0));
  }

  /** The whole content in memory, or null when there is no such blob. For small blobs and tests; prefer {@link #stream}. */
  public Future<byte[]> content(String sha256) {
    return size(sha256)
        .compose(
            size -> {
              if (size == null) {
                return Future.succeededFuture(null);
              }
              Buffer all = Buffer.buffer(Math.toIntExact(size));
              return stream(sha256, chunk -> {
                    all.appendBuffer(chunk);
                    return Future.succeededFuture();
                  })
                  .map(v -> all.getBytes());
            });
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
