package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.ParsedAttachment;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.ChunkedRawStore;
import dev.switchboard.store.NewAttachment;
import dev.switchboard.store.RawMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parsing, the CPU-bound step between commit and filing: the bytes handed forward (or a spool file, or the stored
 * chunks of a mail recovered after a crash) become {@link PreparedMail}s on worker threads, in arrival order.
 */
final class MailPreparation {
  private static final Logger log = LoggerFactory.getLogger(MailPreparation.class);
  private static final int PARSE_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final Pool pool;
  private final EmailParser parser;

  MailPreparation(Vertx vertx, Pool pool, EmailParser parser) {
    this.vertx = vertx;
    this.pool = pool;
    this.parser = parser;
  }

  /** Parsing is most of the CPU an intake batch costs: spread it over the worker pool, keeping arrival order. */
  Future<List<PreparedMail>> prepareInParallel(List<CommittedMail> raws) {
    int chunks = Math.max(1, Math.min(PARSE_PARALLELISM, raws.size() / 25));
    int size = (raws.size() + chunks - 1) / chunks;
    List<Future<List<PreparedMail>>> parts = new ArrayList<>(chunks);
    for (int from = 0; from < raws.size(); from += size) {
      List<CommittedMail> part = raws.subList(from, Math.min(raws.size(), from + size));
      parts.add(vertx.executeBlocking(() -> prepare(part), false));
    }
    return Future.join(parts)
        .transform(
            ar -> {
              List<PreparedMail> all = new ArrayList<>(raws.size());
              parts.stream().filter(Future::succeeded).forEach(f -> all.addAll(f.result()));
              if (ar.failed()) {
                closeAll(all);
                return Future.failedFuture(ar.cause());
              }
              return Future.succeededFuture(all);
            });
  }

  /**
   * Parses: CPU and temporary-file work, so it runs on a worker thread. Attachment contents stay where the parser put
   * them (large ones in temporary files) and are streamed into the store chunk by chunk, never read whole.
   */
  private List<PreparedMail> prepare(List<CommittedMail> raws) {
    List<PreparedMail> out = new ArrayList<>(raws.size());
    for (CommittedMail c : raws) {
      RawMessage raw = c.raw();
      ParsedEmail parsed = parse(c);
      List<NewAttachment> attachments = new ArrayList<>(parsed.attachments().size());
      for (ParsedAttachment a : parsed.attachments()) {
        attachments.add(read(a));
      }
      out.add(new PreparedMail(raw, parsed, attachments));
    }
    return out;
  }

  /**
   * A large message was stored in chunks and has an empty content: it is parsed from its spool file when it was just
   * fetched, else from a stream over its chunks, never read whole. A database fault while reading is retried like any
   * transient fault, not filed as a broken mail.
   */
  private ParsedEmail parse(CommittedMail committed) {
    RawMessage raw = committed.raw();
    if (raw.content().length > 0) {
      return parser.parse(raw.content());
    }
    if (committed.spool() != null) {
      try (InputStream in = Files.newInputStream(committed.spool())) {
        return parser.parse(in);
      } catch (IOException e) {
        // the spool is gone or unreadable: the chunks just committed hold the same bytes
        log.warn("spool file unreadable, reading the stored chunks mailbox={} rawId={} error={}",
            raw.mailboxId(), raw.id(), e.toString());
      }
    }
    ChunkedRawStore.ChunkStream chunks = new ChunkedRawStore(pool).inputStream(raw.id());
    ParsedEmail parsed = parser.parse(chunks);
    if (chunks.failure() != null) {
      parsed.close();
      throw chunks.failure();
    }
    return parsed;
  }

  private NewAttachment read(ParsedAttachment a) {
    boolean kept = a.content() != null && a.sha256() != null;
    return new NewAttachment(
        Text.dbSafe(a.filename()), Text.dbSafe(a.contentType()), a.size(), a.inline(), Text.dbSafe(a.contentId()),
        kept ? a.sha256() : null, kept ? new AttachmentBlob(vertx, a.content()) : null);
  }

  static void closeAll(List<PreparedMail> prepared) {
    prepared.forEach(p -> p.parsed().close());
  }
}
