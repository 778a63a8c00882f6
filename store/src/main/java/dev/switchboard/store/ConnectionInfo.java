package dev.switchboard.store;

import dev.switchboard.errors.SwitchboardException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.SqlConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL server is and how to log in; both the JDBC side (Flyway) and the reactive side use it. More
 * than one server ({@code host1:5432,host2:5433}, as libpq and the JDBC driver write it) means "the writable primary
 * among them", like the JDBC driver's {@code targetServerType=primary}.
 */
public record ConnectionInfo(List<Endpoint> endpoints, String database, String user, String password) {
  private static final Pattern URL =
      Pattern.compile("^(postgres(?:ql)?://)(?:([^@/?#]*)@)?([^/?#]*)(.*)$", Pattern.CASE_INSENSITIVE);
  private static final String READ_ONLY = "show transaction_read_only";

  /** One server of the list. */
  public record Endpoint(String host, int port) {
    public Endpoint {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("URL has no host");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535, was " + port);
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  public ConnectionInfo {
    Objects.requireNonNull(endpoints, "endpoints");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("URL has no host");
    }
    password = password == null ? "" : password;
  }

  public ConnectionInfo(String host, int port, String database, String user, String password) {
    this(List.of(new Endpoint(host, port)), database, user, password);
  }

  /** The first server: the only one, unless the URL lists several. */
  public String host() {
    return endpoints.get(0).host();
  }

  public int port() {
    return endpoints.get(0).port();
  }

  /**
   * Reads a {@code postgresql://user:password@host:port/database} URL, or one with several servers
   * ({@code postgresql://user@host1:5432,host2:5433/database}). A password given separately (e.g. from the environment)
   * wins over one in the URL, so the URL can be kept free of secrets.
   */
  public static ConnectionInfo fromUrl(String url, String passwordOverride) {
    Matcher m = URL.matcher(Objects.requireNonNull(url, "url"));
    if (!m.matches()) {
      int colon = url.indexOf(':');
      throw new IllegalArgumentException("scheme must be postgresql://, was " + (colon < 0 ? null : url.substring(0, colon)));
    }
    List<String> hosts = List.of(m.group(3).split(",", -1));
    // one host stands in for the list, so that java.net.URI checks and decodes everything else as before
    String single = m.group(1) + (m.group(2) == null ? "" : m.group(2) + "@") + hosts.get(0) + m.group(4);
    URI uri;
    try {
      uri = new URI(single);
    } catch (URISyntaxException e) {
      // the reason and position only: the input itself may hold the password
      throw new IllegalArgumentException("not a URL: " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host");
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (String h : hosts) {
      endpoints.add(endpoint(h));
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
    return new ConnectionInfo(endpoints, database, user, password);
  }

  private static Endpoint endpoint(String hostPort) {
    if (hostPort.isEmpty()) {
      throw new IllegalArgumentException("URL has no host in its list of servers");
    }
    URI uri;
    try {
      uri = new URI("postgresql://" + hostPort);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a host:port: " + e.getReason());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host");
    }
    return new Endpoint(uri.getHost(), uri.getPort() == -1 ? 5432 : uri.getPort());
  }

  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://");
    for (int i = 0; i < endpoints.size(); i++) {
      url.append(i == 0 ? "" : ",").append(endpoints.get(i).host()).append(':').append(endpoints.get(i).port());
    }
    url.append('/').append(database);
    return endpoints.size() == 1 ? url.toString() : url.append("?targetServerType=primary").toString();
  }

  /** The first server's options; see {@link #writableServer} for a list of servers. */
  public PgConnectOptions pgConnectOptions() {
    return pgConnectOptions(endpoints.get(0));
  }

  private PgConnectOptions pgConnectOptions(Endpoint endpoint) {
    return new PgConnectOptions()
        .setHost(endpoint.host())
        .setPort(endpoint.port())
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  /**
   * Where a pool's next connection goes: the one server, or the first of the list that accepts writes
   * ({@code transaction_read_only} off, which a standby in recovery and a server set read-only both report as on).
   * Asked for every new connection, so that after a failover new connections find the new primary.
   */
  public Supplier<Future<SqlConnectOptions>> writableServer(Vertx vertx) {
    if (endpoints.size() == 1) {
      Future<SqlConnectOptions> only = Future.succeededFuture(pgConnectOptions());
      return () -> only;
    }
    return () -> firstWritable(vertx, 0, new ArrayList<>());
  }

  private Future<SqlConnectOptions> firstWritable(Vertx vertx, int i, List<String> refused) {
    if (i == endpoints.size()) {
      return Future.failedFuture(SwitchboardException.transientFault(
          "no writable PostgreSQL server among " + endpoints + ": " + String.join("; ", refused), null));
    }
    Endpoint endpoint = endpoints.get(i);
    PgConnectOptions options = pgConnectOptions(endpoint);
    return PgConnection.connect(vertx, options)
        .compose(conn -> conn.query(READ_ONLY).execute()
            .map(rows -> rows.iterator().next().getString(0))
            .eventually(conn::close))
        .map(readOnly -> {
          if (!"off".equals(readOnly)) {
            refused.add(endpoint + " read-only");
          }
          return "off".equals(readOnly);
        })
        .otherwise(e -> {
          refused.add(endpoint + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
          return false;
        })
        .compose(writable -> writable ? Future.succeededFuture(options) : firstWritable(vertx, i + 1, refused));
  }

  @Override
  public String toString() {
    // never print the password
    return "ConnectionInfo[hosts=" + endpoints + ", database=" + database + ", user=" + user + "]";
  }
}
