package dev.switchboard.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Request parsing and JSON responses shared by the API handlers. */
final class Http {
  private Http() {}

  /** A whole-number query parameter, or the default when absent; a bad value is an IllegalArgumentException. */
  static int intParam(RoutingContext ctx, String name, int defaultValue) {
    String v = ctx.queryParams().get(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + v + "'");
    }
  }

  /** The {@code number} path parameter, or null after answering 400. */
  static Long ticketNumber(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("number"));
    } catch (NumberFormatException e) {
      Problem.send(ctx, 400, "Bad Request", "ticket number must be a whole number");
      return null;
    }
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return; // the request timeout answered already
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encodePrettily());
  }
}
