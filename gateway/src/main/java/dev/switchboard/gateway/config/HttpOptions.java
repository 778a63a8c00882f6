package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/** Where the HTTP API listens. */
public record HttpOptions(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  static HttpOptions from(ConfigNode n) {
    HttpOptions o = new HttpOptions(n.string("host", DEFAULT_HOST), n.integer("port", DEFAULT_PORT, 0, 65535));
    n.finish();
    return o;
  }

  JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port);
  }
}
