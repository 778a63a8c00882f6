package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.errors.SwitchboardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL as a user runs it: a data directory that survives restarts, a generated password that only
 * its owner can read, loopback only, durable writes, and no way in without the password.
 */
class EmbeddedDatabaseTest {
  @TempDir static Path dir;
  private static Path data;
  private static Database database;

  @BeforeAll
  static void start() {
    data = dir.resolve("postgres");
    database = Database.embedded(data, 0);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  private static Connection connect(String password) throws SQLException {
    ConnectionInfo c = database.connection();
    Properties props = new Properties();
    props.setProperty("user", c.user());
    if (password != null) {
      props.setProperty("password", password);
    }
    return DriverManager.getConnection(c.jdbcUrl(), props);
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection conn = connect(database.connection().password());
        Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  @Test
  void refusesAConnectionWithoutThePassword() {
    assertThatThrownBy(() -> connect(null).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password");
  }

  @Test
  void refusesAConnectionWithAWrongPassword() {
    assertThatThrownBy(() -> connect("wrong-password").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void keepsTheGeneratedPasswordInTheDataDirectoryForItsOwnerOnly() throws Exception {
    Path file = data.resolve(Database.PASSWORD_FILE);
    assertThat(Files.readString(file).strip()).isEqualTo(database.connection().password()).hasSizeGreaterThan(20);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
  }

  @Test
  void listensOnLoopbackOnlyWithPasswordsForEveryConnection() throws Exception {
    assertThat(column("show listen_addresses")).containsExactly("127.0.0.1");
    assertThat(column("select distinct auth_method from pg_hba_file_rules")).containsExactly("scram-sha-256");
    assertThat(column("select rolpassword like 'SCRAM-SHA-256$%' from pg_authid where rolname = 'postgres'"))
        .containsExactly("t");
  }

  @Test
  void isDurableAndAReleasedPostgreSql17() throws Exception {
    assertThat(column("show fsync")).containsExactly("on");
    assertThat(column("show synchronous_commit")).containsExactly("on");
    assertThat(column("show full_page_writes")).containsExactly("on");
    assertThat(column("show server_version_num").get(0)).startsWith(Database.MAJOR_VERSION);
  }

  @Test
  void leavesRoomForAMailStormsWalBetweenCheckpoints() throws Exception {
    assertThat(column("show max_wal_size")).containsExactly("4GB");
  }

  @Test
  void restartsOnItsDataDirectoryWithTheKeptPassword(@TempDir Path other) throws Exception {
    Path dataDir = other.resolve("postgres");
    String first;
    try (Database db = Database.embedded(dataDir, 0)) {
      first = db.connection().password();
      Migrations.migrate(db.connection());
    }
    try (Database db = Database.embedded(dataDir, 0)) {
      assertThat(db.connection().password()).isEqualTo(first);
      assertThat(Migrations.migrate(db.connection()).migrationsExecuted).as("already migrated").isZero();
    }
  }

  @Test
  void refusesADataDirectoryOfAnotherMajorVersion(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve("postgresql.conf"), "");
    Files.writeString(other.resolve("PG_VERSION"), "14\n");

    assertThatThrownBy(() -> Database.embedded(other, 0))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("is PostgreSQL 14")
        .hasMessageContaining("pg_dump");
  }

  @Test
  void failedLoginDoesNotPrintThePassword() {
    ConnectionInfo c = database.connection();
    String wrong = "Wr0ngS3cretForThisTest";
    ConnectionInfo bad = new ConnectionInfo(c.host(), c.port(), c.database(), c.user(), wrong);

    assertThatThrownBy(() -> Migrations.migrate(bad))
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(wrong);
          }
        });
    assertThat(bad.toString()).doesNotContain(wrong);
  }
}
