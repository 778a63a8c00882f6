package dev.switchboard.gateway.http;

import dev.switchboard.gateway.support.Failures;
import dev.switchboard.store.ApiRole;
import dev.switchboard.store.ApiToken;
import dev.switchboard.store.ApiTokenRepository;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the bearer token of every request against the database, then the role the route needs. The lookup is one
 * indexed select per request, with no cache, so a revoked token is refused from the next request on.
 */
final class ApiAuthentication {
  private static final Logger log = LoggerFactory.getLogger(ApiAuthentication.class);
  private static final String TOKEN_KEY = "switchboard.apiToken";
  private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

  private final ApiTokenRepository tokens;

  ApiAuthentication(Pool pool) {
    this.tokens = new ApiTokenRepository(pool);
  }

  /** The token of this request, once authenticated; null on {@code GET /health} without a (valid) token. */
  static ApiToken token(RoutingContext ctx) {
    return ctx.get(TOKEN_KEY);
  }

  /** The actor written in a ticket's audit trail for changes made with this request. */
  static String actor(RoutingContext ctx) {
    return "token:" + token(ctx).name();
  }

  /** Lets the request on with its token recorded, or answers 401, 403 or 415. */
  void handle(RoutingContext ctx) {
    String presented = BearerToken.fromAuthorization(ctx.request().getHeader("Authorization"));
    boolean health = ctx.request().method() == HttpMethod.GET && "/health".equals(ctx.normalizedPath());
    if (presented == null) {
      if (health) {
        ctx.next();
      } else {
        unauthorized(ctx, false);
      }
      return;
    }
    tokens.findActive(BearerToken.sha256(presented))
        .onSuccess(token -> {
          if (health) {
            if (token != null) {
              accepted(ctx, token);
            }
            ctx.next();
            return;
          }
          if (token == null) {
            unauthorized(ctx, true);
            return;
          }
          ApiRole required = ApiAccess.required(ctx.request().method(), ctx.normalizedPath());
          if (!token.role().permits(required)) {
            log.info("api request forbidden token={} role={} required={} method={}", token.name(),
                token.role().label(), required.label(), ctx.request().method());
            Problem.send(ctx, 403, "Forbidden", "this needs the " + required.label() + " role; the token has "
                + token.role().label());
            return;
          }
          if (ApiAccess.needsJsonBody(ctx.request().method())
              && !ApiAccess.isJson(ctx.request().getHeader("Content-Type"))) {
            Problem.send(ctx, 415, "Unsupported Media Type", "send the body as Content-Type: application/json");
            return;
          }
          accepted(ctx, token);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void accepted(RoutingContext ctx, ApiToken token) {
    ctx.put(TOKEN_KEY, token);
    tokens.touch(token, OffsetDateTime.now(ZoneOffset.UTC), LAST_USED_GRANULARITY)
        .onFailure(e -> log.warn("api token last use not recorded token={} error={}", token.name(),
            Failures.describe(e)));
  }

  private static void unauthorized(RoutingContext ctx, boolean presented) {
    // RFC 6750: no error code when no token came, invalid_token for one we do not know or that was revoked
    ctx.response().putHeader("WWW-Authenticate",
        presented ? "Bearer realm=\"switchboard\", error=\"invalid_token\"" : "Bearer realm=\"switchboard\"");
    Problem.send(ctx, 401, "Unauthorized", presented ? "the token is unknown or revoked"
        : "send an API token as Authorization: Bearer <token> (see switchboard token create)");
  }

}
