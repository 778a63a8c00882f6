package dev.switchboard.gateway.metrics;

import dev.switchboard.gateway.config.ManagementOptions;
import dev.switchboard.gateway.health.HealthRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management port: {@code GET /metrics} in Prometheus' text format, and nothing else. Plain Vert.x core, apart
 * from the HTTP API, so it can listen on another interface and need no API account; an optional bearer token guards
 * it where that interface is shared.
 */
public final class ManagementServerVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ManagementServerVerticle.class);
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** A database that does not answer must not hold the scrape past Prometheus' own timeout (10 s by default). */
  private static final long DATABASE_TIMEOUT_MILLIS = 5_000;

  private final ManagementOptions options;
  private final Metrics metrics;
  private final PrometheusMeterRegistry registry;
  private final DatabaseFigures figures;
  private final HealthRegistry health;
  private final byte[] expectedAuthorization;
  private HttpServer server;
  private boolean figuresFailing;

  public ManagementServerVerticle(
      ManagementOptions options, Metrics metrics, DatabaseFigures figures, HealthRegistry health) {
    if (!(metrics.registry() instanceof PrometheusMeterRegistry prometheus)) {
      throw new IllegalArgumentException("the management port needs Prometheus metrics");
    }
    this.options = options;
    this.metrics = metrics;
    this.registry = prometheus;
    this.figures = figures;
    this.health = health;
    this.expectedAuthorization =
        options.token() == null ? null : ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(this::handle)
        .listen()
        .onSuccess(s -> {
          server = s;
          log.info("management port listening host={} port={} auth={}", options.host(), s.actualPort(),
              options.token() == null ? "none" : "bearer");
        });
  }

  /** The port it listens on (the configured one, or the one picked for port 0). */
  public int actualPort() {
    return server == null ? -1 : server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    if (!"/metrics".equals(req.path())) {
      req.response().setStatusCode(404).end();
      return;
    }
    if (req.method() != HttpMethod.GET) {
      req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET").end();
      return;
    }
    if (!authorized(req.getHeader(HttpHeaders.AUTHORIZATION))) {
      req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"switchboard\"").end();
      return;
    }
    figures
        .refresh()
        .timeout(DATABASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          if (ar.failed() && !figuresFailing) {
            // the gauges keep their last values; the mailbox and outbox meters show the database trouble anyway
            log.warn("metrics database figures unavailable error={}", ar.cause().toString());
          }
          figuresFailing = ar.failed();
          metrics.watchHealth(health);
          req.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(registry.scrape());
        });
  }

  private boolean authorized(String header) {
    if (expectedAuthorization == null) {
      return true;
    }
    // constant time, so the token cannot be guessed byte by byte from response times
    return header != null && MessageDigest.isEqual(expectedAuthorization, header.getBytes(StandardCharsets.UTF_8));
  }
}
