package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * Where the HTTP API listens, and the limits that keep one client from holding it: connections, idle time, time per
 * request, header and body size.
 *
 * @param idleTimeoutSeconds a connection that sends and receives nothing this long is closed (half-sent requests)
 * @param requestTimeoutSeconds a request not answered in this time gets 503 (a download, once started, is bounded by
 *     the idle timeout instead); a new connection that has not sent a whole request head by then is closed
 * @param maxBodyBytes larger request bodies get 413
 * @param maxHeaderBytes all headers of a request together; larger gets 431
 * @param maxConnections open connections at once; more are closed as they arrive
 */
public record HttpOptions(
    String host, int port, int idleTimeoutSeconds, int requestTimeoutSeconds, int maxBodyBytes, int maxHeaderBytes,
    int maxConnections) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_MAX_BODY_BYTES = 65_536;
  public static final int DEFAULT_MAX_HEADER_BYTES = 8_192;
  public static final int DEFAULT_MAX_CONNECTIONS = 256;

  public HttpOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("http.host is required");
    }
  }

  static HttpOptions from(ConfigNode n) {
    HttpOptions o = new HttpOptions(
        n.string("host", DEFAULT_HOST),
        n.integer("port", DEFAULT_PORT, 0, 65535),
        n.integer("idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 3600),
        n.integer("requestTimeoutSeconds", DEFAULT_REQUEST_TIMEOUT_SECONDS, 1, 600),
        n.integer("maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1024, 16 * 1024 * 1024),
        n.integer("maxHeaderBytes", DEFAULT_MAX_HEADER_BYTES, 1024, 65_536),
        n.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, 100_000));
    n.finish();
    return o;
  }

  JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("idleTimeoutSeconds", idleTimeoutSeconds)
        .put("requestTimeoutSeconds", requestTimeoutSeconds).put("maxBodyBytes", maxBodyBytes)
        .put("maxHeaderBytes", maxHeaderBytes).put("maxConnections", maxConnections);
  }
}
