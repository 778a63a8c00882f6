package dev.switchboard.gateway.http;

import dev.switchboard.gateway.agent.TicketDesk;
import dev.switchboard.gateway.config.HttpOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.metrics.Metrics;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.AttachmentInfo;
import dev.switchboard.store.AttachmentRepository;
import dev.switchboard.store.Call;
import dev.switchboard.store.CallRepository;
import dev.switchboard.store.TicketMessage;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketQuery;
import dev.switchboard.store.TicketRepository;
import dev.switchboard.telephony.PhoneNumbers;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: health, read access to tickets and calls, phone numbers of contacts. JSON in and out; errors are
 * problem+json. Every request but {@code GET /health} needs a bearer token ({@link ApiAuthentication}); connections,
 * idle time, request time, header and body size are bounded ({@link HttpOptions}).
 */
public final class HttpApiVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(HttpApiVerticle.class);
  private static final int DEFAULT_LIMIT = 50;
  // sla=due-soon: response due within this time
  static final Duration DUE_SOON = Duration.ofHours(1);
  private static final int MAX_REQUEST_LINE = 4096;
  // a client may send any method name: anything else is one label value, not one series per invented method
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final Clock clock;
  private final HttpOptions options;
  private final Pool pool;
  private final HealthRegistry health;
  private final PhoneNumbers numbers;
  private final TicketDesk desk;
  private final Metrics metrics;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong refusedConnections = new AtomicLong();
  private final Map<HttpConnection, Long> awaitingFirstRequest = new ConcurrentHashMap<>();
  private HttpServer server;
  private RouteTemplates routes = new RouteTemplates(List.of());

  /**
   * @param numbers reads phone numbers given to {@code POST /contacts/{email}/phones}
   * @param desk applies {@code PATCH /tickets/{number}} like a coordinator's command
   * @param metrics counts requests by route template and status
   */
  public HttpApiVerticle(HttpOptions options, Pool pool, HealthRegistry health, PhoneNumbers numbers, TicketDesk desk,
      Metrics metrics) {
    this(options, pool, health, numbers, desk, metrics, Clock.systemUTC());
  }

  /** @param clock what {@code ?sla=breached|due-soon} compares due times with: the service's one clock */
  public HttpApiVerticle(HttpOptions options, Pool pool, HealthRegistry health, PhoneNumbers numbers, TicketDesk desk,
      Metrics metrics, Clock clock) {
    this.clock = clock;
    this.options = options;
    this.pool = pool;
    this.health = health;
    this.numbers = numbers;
    this.desk = desk;
    this.metrics = metrics;
  }

  /** The port actually bound (differs from the configured one when that was 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    ApiAuthentication auth = new ApiAuthentication(pool);
    Router router = Router.router(vertx);
    router.route().handler(this::measure);
    router.route().handler(this::limitTime);
    // before the token check: the body must be read (and bounded) before any asynchronous step
    router.route().handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()));
    router.route().handler(auth::handle);
    router.get("/health").handler(this::health);
    router.get("/tickets").handler(this::listTickets);
    router.get("/tickets/:number").handler(this::getTicket);
    router.patch("/tickets/:number").handler(ctx -> TicketsApi.patch(ctx, vertx, pool, desk));
    router.get("/tickets/:number/attachments/:id").handler(this::getAttachment);
    router.get("/calls").handler(ctx -> CallsApi.list(ctx, pool));
    router.post("/contacts/:email/phones").handler(ctx -> CallsApi.addPhone(ctx, pool, numbers));
    RawMessagesApi.mount(router, pool);
    router.route().last().handler(ctx -> Problem.send(ctx, 404, "Not Found", "no route for " + ctx.request().path()));
    router.route().failureHandler(this::failure);
    routes = new RouteTemplates(router.getRoutes().stream().map(Route::getPath).toList());
    server = vertx.createHttpServer(new HttpServerOptions()
        // HTTP/1.1 only: the h2c upgrade check delays the connection handler until a whole request head arrived, which
        // would leave half-sent requests out of the connection count and the first-request deadline
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(options.idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxHeaderSize(options.maxHeaderBytes())
        .setMaxInitialLineLength(MAX_REQUEST_LINE));
    return server
        .connectionHandler(this::limitConnections)
        .requestHandler(router)
        .listen(options.port(), options.host())
        .onSuccess(s -> log.info("http api listening host={} port={} maxConnections={}", options.host(),
            s.actualPort(), options.maxConnections()));
  }

  /**
   * Closes connections beyond {@code http.maxConnections} as they arrive, and connections that have not sent a whole
   * request head within {@code http.requestTimeoutSeconds}: the idle timeout alone would let a client that sends one
   * byte now and then hold a connection for ever.
   */
  private void limitConnections(HttpConnection connection) {
    if (connections.incrementAndGet() > options.maxConnections()) {
      connections.decrementAndGet();
      if (refusedConnections.getAndIncrement() % 100 == 0) {
        log.warn("http connection refused reason=maxConnections maxConnections={} refused={}",
            options.maxConnections(), refusedConnections.get());
      }
      connection.close();
      return;
    }
    long timer = vertx.setTimer(options.requestTimeoutSeconds() * 1000L, id -> {
      if (awaitingFirstRequest.remove(connection) != null) {
        log.info("http connection closed reason=noRequestInTime seconds={}", options.requestTimeoutSeconds());
        connection.close();
      }
    });
    awaitingFirstRequest.put(connection, timer);
    connection.closeHandler(v -> {
      connections.decrementAndGet();
      Long pending = awaitingFirstRequest.remove(connection);
      if (pending != null) {
        vertx.cancelTimer(pending);
      }
    });
  }

  /**
   * Times every request to its end and records it by route template and status. The route is the one that answered
   * when it has a path; a request answered before or without one (token refused, timeout, 404, failure handler) is
   * named by matching its path against the router's templates.
   */
  private void measure(RoutingContext ctx) {
    long started = System.nanoTime();
    String method = ctx.request().method().name();
    ctx.addEndHandler(v -> {
      Route current = ctx.currentRoute();
      String route = current != null && current.getPath() != null
          ? RouteTemplates.template(current.getPath())
          : routes.name(ctx.normalizedPath());
      metrics.httpRequest(METHODS.contains(method) ? method : "other", route, ctx.response().getStatusCode(),
          Duration.ofNanos(System.nanoTime() - started));
    });
    ctx.next();
  }

  /**
   * Answers 503 when a request is not answered within {@code http.requestTimeoutSeconds}. A download whose headers
   * went out is left alone: from then on the idle timeout bounds a stalled client.
   */
  private void limitTime(RoutingContext ctx) {
    Long firstRequestTimer = awaitingFirstRequest.remove(ctx.request().connection());
    if (firstRequestTimer != null) {
      vertx.cancelTimer(firstRequestTimer);
    }
    long timer = vertx.setTimer(options.requestTimeoutSeconds() * 1000L, id -> {
      if (!ctx.response().headWritten() && !ctx.response().closed()) {
        log.warn("http request timed out method={} seconds={}", ctx.request().method(), options.requestTimeoutSeconds());
        ctx.response().putHeader("Connection", "close");
        Problem.send(ctx, 503, "Service Unavailable", "the request took longer than "
            + options.requestTimeoutSeconds() + " s");
      }
    });
    ctx.addEndHandler(v -> vertx.cancelTimer(timer));
    ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store");
    ctx.next();
  }

  /**
   * Without a token only the overall status, with the same codes: a load balancer or container probe needs no more,
   * and component details name accounts and hosts.
   */
  private void health(RoutingContext ctx) {
    boolean detailed = ApiAuthentication.token(ctx) != null;
    pool.query("select 1")
        .execute()
        .onComplete(
            ar -> {
              boolean db = ar.succeeded();
              boolean all = db && health.allUp();
              JsonObject body = new JsonObject().put("status", db ? (all ? "up" : "degraded") : "down");
              if (!detailed) {
                Http.json(ctx, db ? 200 : 503, body);
                return;
              }
              body.put("database", db ? "up" : "down: " + Failures.describe(ar.cause()))
                  .put("components", health.toJson());
              // the fleet: which instance works which mailbox and PBX (read from the database)
              Future<JsonObject> fleet = db ? health.fleet() : Future.succeededFuture();
              fleet.otherwiseEmpty().onComplete(f -> Http.json(ctx, db ? 200 : 503, body.put("fleet", f.result())));
            });
  }

  private void listTickets(RoutingContext ctx) {
    TicketQuery query;
    try {
      String status = ctx.queryParams().get("status");
      boolean awaiting = Boolean.parseBoolean(ctx.queryParams().get("awaitingFirstResponse"));
      // the triage queue is worked oldest first; everything else reads newest first
      String sort = ctx.queryParams().get("sort");
      if (sort != null && !sort.equals("oldest") && !sort.equals("newest")) {
        throw new IllegalArgumentException("sort must be oldest or newest, was '" + sort + "'");
      }
      boolean oldestFirst = sort == null ? awaiting : sort.equals("oldest");
      Boolean needsAttention = booleanParam(ctx, "needsAttention");
      // sla=breached: due time passed; sla=due-soon: due within the hour; both soonest (most overdue) first
      String sla = ctx.queryParams().get("sla");
      Instant now = clock.instant();
      Instant dueAfter = null;
      Instant dueBefore = null;
      if ("breached".equals(sla)) {
        dueBefore = now;
      } else if ("due-soon".equals(sla)) {
        dueAfter = now;
        dueBefore = now.plus(DUE_SOON);
      } else if (sla != null) {
        throw new IllegalArgumentException("sla must be breached or due-soon, was '" + sla + "'");
      }
      query = new TicketQuery(status, awaiting, oldestFirst, Http.intParam(ctx, "limit", DEFAULT_LIMIT),
          Http.intParam(ctx, "offset", 0), needsAttention, dueAfter, dueBefore);
    } catch (IllegalArgumentException e) {
      Problem.send(ctx, 400, "Bad Request", e.getMessage());
      return;
    }
    TicketRepository tickets = new TicketRepository(pool);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    tickets
        .list(query)
        .compose(list -> tickets.count(query).map(total -> {
          JsonArray items = new JsonArray();
          list.forEach(t -> items.add(TicketJson.ticket(t, now)));
          return new JsonObject()
              .put("total", total)
              .put("limit", query.limit())
              .put("offset", query.offset())
              .put("items", items);
        }))
        .onSuccess(body -> Http.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static Boolean booleanParam(RoutingContext ctx, String name) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return null;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, was '" + v + "'");
    };
  }

  private void getTicket(RoutingContext ctx) {
    Long number = Http.ticketNumber(ctx);
    if (number == null) {
      return;
    }
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    new TicketRepository(pool)
        .findByNumber(number)
        .compose(
            ticket -> {
              if (ticket == null) {
                Problem.send(ctx, 404, "Not Found", "no ticket " + number);
                return Future.succeededFuture();
              }
              return new TicketMessageRepository(pool)
                  .byTicket(ticket.id())
                  .compose(
                      messages ->
                          new AttachmentRepository(pool)
                              .byMessages(messages.stream().map(TicketMessage::id).toList())
                              .compose(attachments -> new CallRepository(pool).byTicket(ticket.id()).map(calls -> {
                                Map<Long, Call> byEntry = new HashMap<>();
                                calls.forEach(c -> byEntry.put(c.ticketMessageId(), c));
                                return Map.entry(attachments, byEntry);
                              }))
                              .map(
                                  found -> {
                                    List<AttachmentInfo> attachments = found.getKey();
                                    Map<Long, List<AttachmentInfo>> byMessage =
                                        attachments.stream()
                                            .collect(Collectors.groupingBy(AttachmentInfo::ticketMessageId));
                                    JsonArray items = new JsonArray();
                                    messages.forEach(m -> {
                                      JsonObject item = TicketJson.message(m, byMessage.getOrDefault(m.id(), List.of()));
                                      // a call's timeline entry carries the call itself (kind "call")
                                      Call call = found.getValue().get(m.id());
                                      items.add(call == null ? item : item.put("call", CallsApi.call(call)));
                                    });
                                    return TicketJson.ticket(ticket, now).put("messages", items);
                                  }))
                  .onSuccess(body -> Http.json(ctx, 200, body))
                  .mapEmpty();
            })
        .onFailure(ctx::fail);
  }

  private void getAttachment(RoutingContext ctx) {
    long number;
    long id;
    try {
      number = Long.parseLong(ctx.pathParam("number"));
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      Problem.send(ctx, 400, "Bad Request", "ticket number and attachment id must be whole numbers");
      return;
    }
    new TicketRepository(pool)
        .findByNumber(number)
        .compose(ticket -> ticket == null ? Future.succeededFuture(List.<TicketMessage>of())
            : new TicketMessageRepository(pool).byTicket(ticket.id()))
        .compose(messages -> new AttachmentRepository(pool).byMessages(messages.stream().map(TicketMessage::id).toList()))
        .compose(
            attachments -> {
              AttachmentInfo a = attachments.stream().filter(x -> x.id() == id).findFirst().orElse(null);
              if (a == null) {
                Problem.send(ctx, 404, "Not Found", "no attachment " + id + " on ticket " + number);
                return Future.succeededFuture();
              }
              if (!a.stored()) {
                Problem.send(ctx, 410, "Gone", "attachment " + id + " exceeded a size limit and was not stored");
                return Future.succeededFuture();
              }
              return streamAttachment(ctx, a);
            })
        .onFailure(ctx::fail);
  }

  /**
   * Sends the content chunk by chunk; the next chunk is read from the database only once the previous one was written
   * to the client, so a 50 MB attachment costs about one chunk of heap per download.
   */
  private Future<Void> streamAttachment(RoutingContext ctx, AttachmentInfo a) {
    AttachmentRepository repository = new AttachmentRepository(pool);
    return repository
        .size(a.sha256())
        .compose(
            size -> {
              if (size == null) {
                Problem.send(ctx, 410, "Gone", "attachment " + a.id() + " has no stored content");
                return Future.succeededFuture();
              }
              HttpServerResponse response =
                  ctx.response()
                      .putHeader("Content-Type", AttachmentHeaders.contentType(a.contentType()))
                      .putHeader("Content-Length", Long.toString(size))
                      .putHeader("Content-Disposition", AttachmentHeaders.contentDisposition(a.filename()))
                      .putHeader("X-Content-Type-Options", "nosniff")
                      .putHeader("Content-Security-Policy", AttachmentHeaders.CONTENT_SECURITY_POLICY);
              return repository
                  .stream(a.sha256(), response::write)
                  .compose(
                      v -> response.end(),
                      e -> {
                        // the status line is gone already: all that is left is to cut the connection
                        if (response.headWritten()) {
                          log.warn("attachment download aborted id={} error={}", a.id(), Failures.describe(e));
                          response.reset();
                          return Future.succeededFuture();
                        }
                        return Future.failedFuture(e);
                      });
            });
  }

  private void failure(RoutingContext ctx) {
    Throwable error = ctx.failure();
    if (ctx.response().ended()) {
      return;
    }
    if (error == null) {
      // 413 from the body limit, mostly
      Problem.send(ctx, ctx.statusCode(), HttpResponseStatus.valueOf(ctx.statusCode()).reasonPhrase(),
          "request failed with status " + ctx.statusCode());
      return;
    }
    log.warn("http request failed path={} error={}", ctx.request().path(), Failures.describe(error));
    if (Failures.isTransient(error)) {
      Problem.send(ctx, 503, "Service Unavailable", "a dependency is unavailable: " + Failures.describe(error));
    } else {
      Problem.send(ctx, 500, "Internal Server Error", Failures.describe(error));
    }
  }
}
