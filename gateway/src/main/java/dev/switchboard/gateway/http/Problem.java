package dev.switchboard.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details: every API error has the same shape. */
final class Problem {
  private Problem() {}

  static void send(RoutingContext ctx, int status, String title, String detail) {
    if (ctx.response().ended()) {
      return; // the request timeout answered already
    }
    JsonObject body =
        new JsonObject().put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(body.encodePrettily());
  }
}
