package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * Where the HTTP API listens.
 *
 * @param publicUrl the API's base URL as people reach it (behind a proxy, e.g. {@code https://desk.example.com/api}),
 *     without a trailing slash; used for the ticket links in coordinators' mail; null means
 *     {@code http://<host>:<port>}
 */
public record HttpOptions(String host, int port, String publicUrl) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public HttpOptions {
    publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.strip().replaceFirst("/+$", "");
  }

  public HttpOptions(String host, int port) {
    this(host, port, null);
  }

  static HttpOptions from(ConfigNode n) {
    String url = n.string("publicUrl", null);
    if (url != null && !url.matches("(?i)https?://\\S+")) {
      throw new ConfigException(n.key("publicUrl"), "must be an http:// or https:// URL");
    }
    HttpOptions o =
        new HttpOptions(n.string("host", DEFAULT_HOST), n.integer("port", DEFAULT_PORT, 0, 65535), url);
    n.finish();
    return o;
  }

  /** The base URL for links: {@code publicUrl}, else the listening address. */
  public String baseUrl() {
    return publicUrl != null ? publicUrl : "http://" + host + ":" + port;
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject().put("host", host).put("port", port);
    if (publicUrl != null) {
      json.put("publicUrl", publicUrl);
    }
    return json;
  }
}
