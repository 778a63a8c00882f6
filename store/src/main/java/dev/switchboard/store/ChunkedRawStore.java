package dev.switchboard.store;

import dev.switchboard.errors.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Raw messages too large to hold whole in the heap: the {@code raw_message} row keeps an empty content and the bytes
 * go to {@code raw_message_chunk} rows of at most {@link #CHUNK_BYTES}, written and read one chunk at a time. A
 * message's bytes are always its content followed by its chunks, so readers treat both kinds alike: an empty content
 * with no chunks is simply an empty message.
 */
public final class ChunkedRawStore {
  /** Chunk rows hold this many bytes; only the last chunk of a message is shorter. */
  public static final int CHUNK_BYTES = AttachmentRepository.CHUNK_BYTES;

  private static final String INSERT =
      "insert into raw_message (mailbox_id, uid_validity, uid, size, content) values ($1, $2, $3, $4, $5) "
          + "on conflict on constraint raw_message_mailbox_uid_key do nothing returning id";
  private static final String INSERT_CHUNK =
      "insert into raw_message_chunk (raw_message_id, seq, data) values ($1, $2, $3)";
  private static final String CHUNK = "select data from raw_message_chunk where raw_message_id = $1 and seq = $2";

  private final SqlClient client;

  public ChunkedRawStore(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Stores one message of {@code size} bytes chunk by chunk; true when it was stored, false when (mailbox, UIDVALIDITY,
   * UID) was stored already. Run it in the transaction that also saves the mailbox's progress: the row and its chunks
   * then become visible together, and a failure leaves nothing behind.
   */
  public Future<Boolean> insert(long mailboxId, long uidValidity, long uid, long size, BlobSource content) {
    return store(mailboxId, uidValidity, uid, size, content).map(id -> id != null);
  }

  /** Like {@link #insert}, returning the new raw message's id, or null when it was stored already. */
  public Future<Long> store(long mailboxId, long uidValidity, long uid, long size, BlobSource content) {
    if (size < 0 || size > Integer.MAX_VALUE) {
      return Future.failedFuture(SwitchboardException.permanent("raw message size out of range: " + size));
    }
    return client
        .preparedQuery(INSERT)
        .execute(Tuple.of(mailboxId, uidValidity, uid, (int) size, Buffer.buffer()))
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                return Future.succeededFuture(null);
              }
              long id = rows.iterator().next().getLong(0);
              BlobSource.Reader reader;
              try {
                reader = content.open();
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
              return writeFrom(reader, id, 0, 0, size)
                  .eventually(() -> {
                    reader.close();
                    return Future.succeededFuture();
                  })
                  .map(id);
            });
  }

  /** Reads one chunk, inserts it, and only then reads the next: one chunk in memory at a time. */
  private Future<Void> writeFrom(BlobSource.Reader reader, long id, int seq, long written, long size) {
    return reader
        .next(CHUNK_BYTES)
        .compose(
            chunk -> {
              long total = written + chunk.length();
              if (chunk.length() == 0 || total > size) {
                return total == size
                    ? Future.succeededFuture()
                    : Future.failedFuture(SwitchboardException.permanent(
                        "raw message content does not match its size: expected " + size + ", read " + total));
              }
              return client
                  .preparedQuery(INSERT_CHUNK)
                  .execute(Tuple.of(id, seq, chunk))
                  .compose(r -> writeFrom(reader, id, seq + 1, total, size));
            });
  }

  /**
   * Hands a message's chunks to {@code sink} one at a time, in order, asking for the next only when the sink's future
   * completed. A message stored whole has no chunks: the sink is then never called.
   */
  public Future<Void> stream(long rawMessageId, Function<Buffer, Future<Void>> sink) {
    return streamFrom(rawMessageId, 0, sink);
  }

  private Future<Void> streamFrom(long id, int seq, Function<Buffer, Future<Void>> sink) {
    return chunk(id, seq)
        .compose(data -> data == null ? Future.succeededFuture() : sink.apply(data).compose(v -> streamFrom(id, seq + 1, sink)));
  }

  private Future<Buffer> chunk(long id, int seq) {
    return client
        .preparedQuery(CHUNK)
        .execute(Tuple.of(id, seq))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0));
  }

  /**
   * The chunks as a blocking stream, for a parser that reads an {@link InputStream}: each read past the current chunk
   * waits for the next one from the database. Use it on a worker thread only, never on an event loop.
   */
  public ChunkStream inputStream(long rawMessageId) {
    return new ChunkStream(rawMessageId);
  }

  /**
   * A message's chunks as an {@link InputStream}. A reader that swallows I/O errors (the parser turns them into a
   * failed parse) asks {@link #failure()} afterwards, so a database fault is retried rather than taken for a bad mail.
   */
  public final class ChunkStream extends InputStream {
    private final long rawMessageId;
    private Buffer current = Buffer.buffer();
    private int pos;
    private int seq;
    private boolean done;
    private SwitchboardException failure;

    private ChunkStream(long rawMessageId) {
      this.rawMessageId = rawMessageId;
    }

    /** Why reading stopped early, or null when every read succeeded. */
    public SwitchboardException failure() {
      return failure;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      while (pos == current.length()) {
        if (done) {
          return -1;
        }
        Buffer next;
        try {
          // Future.await() refuses Vert.x worker threads; a plain blocking wait is what this stream is for
          next = chunk(rawMessageId, seq).toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failure = SwitchboardException.transientFault("interrupted reading raw message " + rawMessageId, e);
          throw new IOException(failure.getMessage(), e);
        } catch (ExecutionException | RuntimeException e) {
          failure = SwitchboardException.transientFault(
              "chunk " + seq + " of raw message " + rawMessageId + " unreadable: " + e.getMessage(),
              e instanceof ExecutionException ? e.getCause() : e);
          throw new IOException(failure.getMessage(), e);
        }
        seq++;
        done = next == null;
        current = next == null ? Buffer.buffer() : next;
        pos = 0;
      }
      int n = Math.min(len, current.length() - pos);
      current.getBytes(pos, pos + n, b, off);
      pos += n;
      return n;
    }
  }
}
