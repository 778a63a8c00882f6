package dev.switchboard.store;

import dev.switchboard.errors.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The content of an attachment, handed to the store a chunk at a time so that a large one never sits whole in the
 * heap. It can be opened more than once: a transaction that failed is retried from the first byte.
 */
@FunctionalInterface
public interface BlobSource {
  /** Starts a new read from the first byte. */
  Reader open();

  /** One pass over the content. */
  interface Reader {
    /**
     * The next bytes, at most {@code maxBytes} and fewer only at the end; an empty buffer once everything was read.
     * Called on an event loop: an implementation that does I/O moves it to a worker thread.
     */
    Future<Buffer> next(int maxBytes);

    /** Releases what {@link #next} held open; called once, after the last read or a failure. */
    void close();
  }

  /** Content in a file, read a chunk at a time on a worker thread: large raw messages fetched to a temporary file. */
  static BlobSource of(Vertx vertx, Path file) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(file, "file");
    return () ->
        new Reader() {
          // touched by one read at a time: the store asks for the next chunk after the last one completed
          private InputStream in;

          @Override
          public Future<Buffer> next(int maxBytes) {
            return vertx.executeBlocking(
                () -> {
                  try {
                    if (in == null) {
                      in = Files.newInputStream(file);
                    }
                    return Buffer.buffer(in.readNBytes(maxBytes));
                  } catch (IOException e) {
                    throw SwitchboardException.transientFault("file unreadable: " + e.getMessage(), e);
                  }
                },
                false);
          }

          @Override
          public void close() {
            InputStream open = in;
            in = null;
            if (open != null) {
              try {
                open.close();
              } catch (IOException e) {
                // only read from; nothing was lost
              }
            }
          }
        };
  }

  /** Content already in memory: small attachments and tests. */
  static BlobSource of(byte[] content) {
    Objects.requireNonNull(content, "content");
    return () ->
        new Reader() {
          private int offset;

          @Override
          public Future<Buffer> next(int maxBytes) {
            int n = Math.min(maxBytes, content.length - offset);
            Buffer chunk = Buffer.buffer(n);
            chunk.appendBytes(content, offset, n);
            offset += n;
            return Future.succeededFuture(chunk);
          }

          @Override
          public void close() {}
        };
  }
}
