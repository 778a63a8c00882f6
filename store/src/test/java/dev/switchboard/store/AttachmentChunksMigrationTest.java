package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V3 moves contents stored by V1 (one bytea per blob) into 1 MiB chunks without changing a byte. */
class AttachmentChunksMigrationTest {
  private static final int MB = 1024 * 1024;

  @Test
  void existingBlobContentsBecomeChunksThatReassembleToTheSameBytes() throws Exception {
    ConnectionInfo server = TestDatabase.connection();
    try (Connection admin = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement s = admin.createStatement()) {
      s.execute("drop database if exists v3_migration_test");
      s.execute("create database v3_migration_test");
    }
    ConnectionInfo db =
        new ConnectionInfo(server.host(), server.port(), "v3_migration_test", server.user(), server.password());
    flyway(db, "2").migrate();

    byte[] big = new byte[2 * MB + 17];
    Arrays.fill(big, (byte) 7);
    big[MB] = 1;
    byte[] exact = new byte[MB];
    byte[] tiny = "x".getBytes();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      for (byte[] content : new byte[][] {big, exact, tiny, new byte[0]}) {
        try (PreparedStatement p = c.prepareStatement("insert into attachment_blob (sha256, size, content) values (?, ?, ?)")) {
          p.setString(1, sha256(content));
          p.setLong(2, content.length);
          p.setBytes(3, content);
          p.executeUpdate();
        }
      }
    }

    flyway(db, "3").migrate();

    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      assertThat(chunks(c, big)).isEqualTo(3);
      assertThat(chunks(c, exact)).isEqualTo(1);
      assertThat(chunks(c, tiny)).isEqualTo(1);
      assertThat(chunks(c, new byte[0])).isZero();
      for (byte[] content : new byte[][] {big, exact, tiny, new byte[0]}) {
        assertThat(reassembled(c, sha256(content))).isEqualTo(content);
      }
    }
  }

  private static Flyway flyway(ConnectionInfo db, String target) {
    return Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .target(target)
        .load();
  }

  private static int chunks(Connection c, byte[] content) throws Exception {
    try (PreparedStatement p = c.prepareStatement("select count(*) from attachment_chunk where sha256 = ?")) {
      p.setString(1, sha256(content));
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static byte[] reassembled(Connection c, String sha256) throws Exception {
    try (PreparedStatement p = c.prepareStatement("select data from attachment_chunk where sha256 = ? order by seq")) {
      p.setString(1, sha256);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.write(r.getBytes(1));
        }
      }
      return out.toByteArray();
    }
  }

  private static String sha256(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
