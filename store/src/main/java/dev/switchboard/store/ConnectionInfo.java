package dev.switchboard.store;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Where the PostgreSQL server is and how to log in; both the JDBC side (Flyway) and the reactive side use it. */
public record ConnectionInfo(String host, int port, String database, String user, String password) {
  public ConnectionInfo {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    password = password == null ? "" : password;
  }

  /**
   * Reads a {@code postgresql://user:password@host:port/database} URL. A password given separately (e.g. from the
   * environment) wins over one in the URL, so the URL can be kept free of secrets.
   */
  public static ConnectionInfo fromUrl(String url, String passwordOverride) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      // the reason and position only: the input itself may hold the password
      throw new IllegalArgumentException("not a URL: " + e.getReason() + " at index " + e.getIndex());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new IllegalArgumentException("scheme must be postgresql://, was " + uri.getScheme());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host");
    }
    String user = "postgres";
    String password = "";
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      password = parts.length > 1 ? parts[1] : "";
    }
    if (passwordOverride != null && !passwordOverride.isEmpty()) {
      password = passwordOverride;
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    String database = path.isEmpty() ? user : path;
    int port = uri.getPort() == -1 ? 5432 : uri.getPort();
    return new ConnectionInfo(uri.getHost(), port, database, user, password);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public PgConnectOptions pgConnectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  @Override
  public String toString() {
    // never print the password
    return "ConnectionInfo[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user + "]";
  }
}
