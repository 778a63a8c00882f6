package dev.switchboard.gateway.mail;

import dev.switchboard.store.AttachmentRepository;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A stored attachment's content as a blocking stream for Jakarta Mail, read one chunk ({@code attachment_chunk} row)
 * at a time: at most one chunk of the file is in memory while the SMTP sender writes it.
 *
 * <p>Read on the sender's worker thread only. Each chunk is queried on {@code context} (the sender verticle's event
 * loop), not on the worker: the worker waits for the answer, and an answer delivered to the waiting worker's own
 * context would never run.
 */
final class StoredAttachmentStream extends InputStream {
  private final Pool pool;
  private final Context context;
  private final String sha256;
  private final long size;
  private final Duration timeout;
  private Buffer chunk = Buffer.buffer();
  private int offset;
  private int nextSeq;
  private long read;
  private boolean ended;

  StoredAttachmentStream(Pool pool, Context context, String sha256, long size, Duration timeout) {
    this.pool = pool;
    this.context = context;
    this.sha256 = sha256;
    this.size = size;
    this.timeout = timeout;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    read++;
    return chunk.getByte(offset++) & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, chunk.length() - offset);
    chunk.getBytes(offset, offset + n, b, off);
    offset += n;
    read += n;
    return n;
  }

  /** True when there is a byte to read, fetching the next chunk when this one is used up. */
  private boolean fill() throws IOException {
    while (offset == chunk.length()) {
      if (ended) {
        return false;
      }
      Buffer next = fetch(nextSeq++);
      if (next == null) {
        ended = true;
        if (read != size) {
          // a blob shorter than its size must not go out as a silently truncated file
          throw new IOException("stored attachment " + sha256 + " has " + read + " bytes, expected " + size);
        }
        return false;
      }
      chunk = next;
      offset = 0;
    }
    return true;
  }

  private Buffer fetch(int seq) throws IOException {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("stored attachments are read on a worker thread, never on an event loop");
    }
    CompletableFuture<Buffer> answer = new CompletableFuture<>();
    context.runOnContext(v -> new AttachmentRepository(pool).chunk(sha256, seq).onComplete(ar -> {
      if (ar.succeeded()) {
        answer.complete(ar.result());
      } else {
        answer.completeExceptionally(ar.cause());
      }
    }));
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading a stored attachment");
    } catch (ExecutionException e) {
      throw new IOException("stored attachment unreadable: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("stored attachment chunk not read within " + timeout.toSeconds() + " s");
    }
  }
}
