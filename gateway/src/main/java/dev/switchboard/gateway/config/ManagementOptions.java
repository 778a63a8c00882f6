package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * The management port that serves Prometheus metrics ({@code GET /metrics}), apart from the HTTP API so that it can
 * listen on another interface and need no API account. Off unless the {@code management} section is present.
 *
 * @param port 9464 by default (Prometheus' exporter convention; 9090 is Prometheus' own port); 0 for any free port
 * @param token when set, a scrape must send {@code Authorization: Bearer <token>}; best from the environment
 */
public record ManagementOptions(boolean enabled, String host, int port, String token) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9464;
  public static final ManagementOptions DISABLED = new ManagementOptions(false, DEFAULT_HOST, DEFAULT_PORT, null);

  public ManagementOptions {
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  static ManagementOptions from(ConfigNode n) {
    ManagementOptions o =
        new ManagementOptions(
            n.bool("enabled", true),
            n.string("host", DEFAULT_HOST),
            n.integer("port", DEFAULT_PORT, 0, 65535),
            n.string("token", null));
    n.finish();
    return o;
  }

  @Override
  public String toString() {
    return Redaction.toString(this);
  }

  JsonObject toJson() {
    return new JsonObject().put("enabled", enabled).put("host", host).put("port", port).put("token", token);
  }
}
