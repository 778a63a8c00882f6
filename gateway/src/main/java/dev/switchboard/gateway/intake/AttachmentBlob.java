package dev.switchboard.gateway.intake;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.parser.AttachmentContent;
import dev.switchboard.store.BlobSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An attachment's content as the parser left it (memory, or a temporary file for large parts), read into the store
 * one chunk at a time on a worker thread. Valid until the {@code ParsedEmail} that owns the content is closed.
 */
public final class AttachmentBlob implements BlobSource {
  private final Vertx vertx;
  private final AttachmentContent content;

  public AttachmentBlob(Vertx vertx, AttachmentContent content) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.content = Objects.requireNonNull(content, "content");
  }

  @Override
  public Reader open() {
    return new Reader() {
      // touched only by one read at a time: the store asks for the next chunk after the last one completed
      private InputStream in;

      @Override
      public Future<Buffer> next(int maxBytes) {
        return vertx.executeBlocking(
            () -> {
              try {
                if (in == null) {
                  in = content.openStream();
                }
                return Buffer.buffer(in.readNBytes(maxBytes));
              } catch (IOException e) {
                // the raw message still holds the bytes; failing the transaction quarantines the message with them
                throw SwitchboardException.permanent("attachment content unreadable: " + e.getMessage());
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
            // a temporary file we only read; the parsed email deletes it on close
          }
        }
      }
    };
  }
}
