package dev.switchboard.gateway.http;

import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.ChunkedRawStore;
import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerQuery;
import dev.switchboard.store.LedgerRepository;
import dev.switchboard.store.LedgerState;
import dev.switchboard.store.RawMessageRepository;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake ledger, for admins ({@link ApiAccess}): {@code GET /raw-messages}, {@code GET /raw-messages/{id}},
 * {@code GET /raw-messages/{id}/raw} and {@code POST /raw-messages/{id}/reprocess}. The raw bytes are whatever anyone
 * mailed in, so they go out only as a download that a browser will not render.
 */
final class RawMessagesApi {
  private static final Logger log = LoggerFactory.getLogger(RawMessagesApi.class);
  private static final int DEFAULT_LIMIT = 50;

  private RawMessagesApi() {}

  static void mount(Router router, Pool pool) {
    router.get("/raw-messages").handler(ctx -> list(ctx, pool));
    router.get("/raw-messages/:id").handler(ctx -> get(ctx, pool));
    router.get("/raw-messages/:id/raw").handler(ctx -> raw(ctx, pool));
    router.post("/raw-messages/:id/reprocess").handler(ctx -> reprocess(ctx, pool));
  }

  /** {@code GET /raw-messages?state=set-aside&mailbox=support&limit=50&offset=0}: newest first. */
  static void list(RoutingContext ctx, Pool pool) {
    LedgerQuery query;
    try {
      String state = ctx.queryParams().get("state");
      String mailbox = ctx.queryParams().get("mailbox");
      query = new LedgerQuery(state == null || state.isBlank() ? null : LedgerState.of(state.strip()),
          mailbox == null || mailbox.isBlank() ? null : mailbox.strip(),
          Http.intParam(ctx, "limit", DEFAULT_LIMIT), Http.intParam(ctx, "offset", 0));
    } catch (IllegalArgumentException e) {
      Problem.send(ctx, 400, "Bad Request", e.getMessage());
      return;
    }
    LedgerRepository ledger = new LedgerRepository(pool);
    ledger.list(query)
        .compose(list -> ledger.count(query).map(total -> {
          JsonArray items = new JsonArray();
          list.forEach(e -> items.add(entry(e)));
          return new JsonObject().put("total", total).put("limit", query.limit()).put("offset", query.offset())
              .put("items", items);
        }))
        .onSuccess(body -> Http.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  static void get(RoutingContext ctx, Pool pool) {
    Long id = id(ctx);
    if (id == null) {
      return;
    }
    new LedgerRepository(pool).find(id)
        .onSuccess(e -> {
          if (e == null) {
            Problem.send(ctx, 404, "Not Found", "no raw message " + id);
          } else {
            Http.json(ctx, 200, entry(e));
          }
        })
        .onFailure(ctx::fail);
  }

  /** The exact bytes received, as {@code message/rfc822}; a mail client opens the file, a browser saves it. */
  static void raw(RoutingContext ctx, Pool pool) {
    Long id = id(ctx);
    if (id == null) {
      return;
    }
    new RawMessageRepository(pool).find(id)
        .onSuccess(m -> {
          if (m == null) {
            Problem.send(ctx, 404, "Not Found", "no raw message " + id);
            return;
          }
          if (ctx.response().ended()) {
            return;
          }
          log.info("raw message downloaded rawId={} actor={}", id, ApiAuthentication.actor(ctx));
          HttpServerResponse response = ctx.response()
              .putHeader("Content-Type", "message/rfc822")
              .putHeader("Content-Disposition", AttachmentHeaders.contentDisposition("raw-message-" + id + ".eml"))
              .putHeader("X-Content-Type-Options", "nosniff")
              .putHeader("Content-Security-Policy", AttachmentHeaders.CONTENT_SECURITY_POLICY);
          if (m.content().length > 0) {
            response.end(Buffer.buffer(m.content()));
            return;
          }
          // a large message is stored in chunks (or it is empty): sent a chunk at a time, never whole in the heap
          response.setChunked(true);
          new ChunkedRawStore(pool).stream(id, response::write)
              .onSuccess(v -> response.end())
              .onFailure(e -> {
                log.warn("raw message download failed rawId={} error={}", id, Failures.describe(e));
                response.reset();
              });
        })
        .onFailure(ctx::fail);
  }

  /**
   * Sends a set-aside or failed message back to the intake: 200 with the entry, now pending; 409 for a message in any
   * other state (replaying an imported one would file it twice). The mailbox's intake takes it up on its next cycle.
   */
  static void reprocess(RoutingContext ctx, Pool pool) {
    Long id = id(ctx);
    if (id == null) {
      return;
    }
    String actor = ApiAuthentication.actor(ctx);
    pool.withTransaction(tx -> new LedgerRepository(tx).reprocess(id, actor))
        .compose(before -> {
          if (before == null) {
            Problem.send(ctx, 404, "Not Found", "no raw message " + id);
            return Future.succeededFuture();
          }
          if (!before.state().replayable()) {
            Problem.send(ctx, 409, "Conflict", "raw message " + id + " is " + before.state().label()
                + "; only set-aside and failed messages can be reprocessed");
            return Future.succeededFuture();
          }
          log.info("raw message reprocessing rawId={} mailbox={} uid={} was={} actor={}", id, before.mailbox(),
              before.uid(), before.state().label(), actor);
          return new LedgerRepository(pool).find(id).onSuccess(now -> Http.json(ctx, 200,
              entry(now).put("previous", new JsonObject().put("state", before.state().label())
                  .put("error", before.error()).put("ticket", before.ticketNumber())))).mapEmpty();
        })
        .onFailure(ctx::fail);
  }

  static JsonObject entry(LedgerEntry e) {
    return new JsonObject()
        .put("id", e.id())
        .put("mailbox", e.mailbox())
        .put("uidValidity", e.uidValidity())
        .put("uid", e.uid())
        .put("size", e.size())
        .put("receivedAt", time(e.receivedAt()))
        .put("processedAt", time(e.processedAt()))
        .put("state", e.state().label())
        .put("error", e.error())
        .put("ticket", e.ticketNumber())
        .put("reprocessedAt", time(e.reprocessedAt()))
        .put("reprocessedBy", e.reprocessedBy())
        .put("reprocessCount", e.reprocessCount());
  }

  private static Long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      Problem.send(ctx, 400, "Bad Request", "raw message id must be a whole number");
      return null;
    }
  }

  private static String time(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
