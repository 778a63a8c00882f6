package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code database.url} with several servers against two real PostgreSQL servers, one of them read-only
 * ({@code default_transaction_read_only}, which reports {@code transaction_read_only} on like a standby does): both the
 * migrations (JDBC) and the pool (reactive) must pick the writable one, whichever order the URL lists them in.
 */
class MultiHostConnectionTest {
  private static EmbeddedPostgres writable;
  private static EmbeddedPostgres readOnly;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    writable = EmbeddedPostgres.builder().start();
    readOnly = EmbeddedPostgres.builder().setServerConfig("default_transaction_read_only", "on").start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await();
    writable.close();
    readOnly.close();
  }

  private static String url(EmbeddedPostgres... servers) {
    StringBuilder hosts = new StringBuilder();
    for (EmbeddedPostgres s : servers) {
      hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(s.getPort());
    }
    return "postgresql://postgres@" + hosts + "/postgres";
  }

  @Test
  void readsEveryServerOfTheList() {
    ConnectionInfo c = ConnectionInfo.fromUrl("postgresql://sb:secret@db1:5432,db2:5433,[::1]/switchboard", null);

    assertThat(c.endpoints()).extracting(Object::toString).containsExactly("db1:5432", "db2:5433", "[::1]:5432");
    assertThat(c.database()).isEqualTo("switchboard");
    assertThat(c.user()).isEqualTo("sb");
    assertThat(c.password()).isEqualTo("secret");
    assertThat(c.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db1:5432,db2:5433,[::1]:5432/switchboard?targetServerType=primary");
    assertThat(c.toString()).doesNotContain("secret");
    assertThat(ConnectionInfo.fromUrl("postgresql://sb@db1/switchboard", null).jdbcUrl())
        .isEqualTo("jdbc:postgresql://db1:5432/switchboard");
    assertThatThrownBy(() -> ConnectionInfo.fromUrl("postgresql://sb@db1:5432,/switchboard", null))
        .hasMessage("URL has no host in its list of servers");
  }

  @Test
  void migrationsAndPoolUseTheWritableServerWhicheverComesFirst() throws Exception {
    for (String url : List.of(url(readOnly, writable), url(writable, readOnly))) {
      ConnectionInfo c = ConnectionInfo.fromUrl(url, null);
      Migrations.migrate(c);
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
          .connectingTo(c.writableServer(vertx)).using(vertx).build();
      try {
        pool.query("create table if not exists written_here (url text)").execute().await();
        pool.preparedQuery("insert into written_here values ($1)").execute(Tuple.of(url)).await();
      } finally {
        pool.close().await();
      }
    }

    assertThat(rows(writable, "select count(*) from written_here")).isEqualTo(2);
    assertThat(rows(writable, "select count(*) from flyway_schema_history where success")).isPositive();
    assertThat(rows(readOnly, "select count(*) from pg_tables where schemaname = 'public'"))
        .as("tables on the read-only server").isZero();
  }

  @Test
  void noWritableServerFailsNamingEachServer() {
    ConnectionInfo c = ConnectionInfo.fromUrl(url(readOnly, readOnly), null);
    Pool pool = PgBuilder.pool().connectingTo(c.writableServer(vertx)).using(vertx).build();
    try {
      assertThatThrownBy(() -> pool.query("select 1").execute().await())
          .hasMessageContaining("no writable PostgreSQL server among")
          .hasMessageContaining("127.0.0.1:" + readOnly.getPort() + " read-only");
    } finally {
      pool.close().await();
    }
  }

  private static long rows(EmbeddedPostgres server, String sql) throws Exception {
    try (Connection conn = server.getPostgresDatabase().getConnection();
        ResultSet rs = conn.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
