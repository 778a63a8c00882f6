package dev.switchboard.gateway.config;

import dev.switchboard.store.ConnectionInfo;
import io.vertx.core.json.JsonObject;

/**
 * The database: an external PostgreSQL when {@code url} is set, otherwise an embedded one keeping its files in
 * {@code embeddedDataDirectory}.
 */
public record DatabaseOptions(
    String url, String password, String embeddedDataDirectory, int embeddedPort, int poolSize) {
  public static final String DEFAULT_DATA_DIRECTORY = "data/postgres";
  public static final int DEFAULT_POOL_SIZE = 8;

  static DatabaseOptions from(ConfigNode n) {
    String url = n.string("url", null);
    String password = n.string("password", null);
    if (url != null) {
      try {
        ConnectionInfo.fromUrl(url, password);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(n.key("url"), e.getMessage());
      }
    }
    DatabaseOptions o =
        new DatabaseOptions(
            url,
            password,
            n.string("embeddedDataDirectory", DEFAULT_DATA_DIRECTORY),
            n.integer("embeddedPort", 0, 0, 65535),
            n.integer("poolSize", DEFAULT_POOL_SIZE, 1, 256));
    n.finish();
    return o;
  }

  /** The same, but an embedded database in a temporary directory removed on stop: for the demo and benchmarks. */
  public DatabaseOptions withTemporaryEmbedded() {
    return new DatabaseOptions(null, null, null, embeddedPort, poolSize);
  }

  public boolean embedded() {
    return url == null;
  }

  @Override
  public String toString() {
    return Redaction.toString(this);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("url", url)
        .put("password", password)
        .put("embeddedDataDirectory", embeddedDataDirectory)
        .put("embeddedPort", embeddedPort)
        .put("poolSize", poolSize);
  }
}
