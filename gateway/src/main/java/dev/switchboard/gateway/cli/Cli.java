package dev.switchboard.gateway.cli;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.Switchboard;
import dev.switchboard.gateway.config.ConfigException;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.store.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
// the JDK's only API for catching SIGTERM (jdk.unsupported, kept for exactly this); a shutdown hook cannot exit 0
import sun.misc.Signal;

/** Shared bits of the sub-commands: loading config with clear errors, and waiting for Ctrl-C. */
public final class Cli {
  static final int EXIT_CONFIG = 2;

  private Cli() {}

  static SwitchboardConfig loadConfig(Path file) {
    return SwitchboardConfig.load(file, System.getenv());
  }

  /**
   * Opens the configured database for a one-off command. An embedded database that a running Switchboard holds is
   * refused: starting a second server on its data directory would stop the running one's PostgreSQL.
   */
  static Database openDatabase(SwitchboardConfig config) {
    String dir = config.database().embedded() ? config.database().embeddedDataDirectory() : null;
    if (dir != null && embeddedInUse(Path.of(dir))) {
      throw SwitchboardException.permanent("the embedded database in " + dir + " is in use by a running Switchboard; "
          + "stop it first, or use an external database (database.url)");
    }
    return Switchboard.openDatabase(config);
  }

  /** The embedded server's owner holds a lock on {@code epg-lock} in its data directory while it runs. */
  static boolean embeddedInUse(Path dataDirectory) {
    Path lock = dataDirectory.resolve("epg-lock");
    if (!Files.isRegularFile(lock)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
        FileLock held = channel.tryLock()) {
      return held == null;
    } catch (OverlappingFileLockException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Prints errors the way an operator wants them: one line, naming the config key when there is one. */
  static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    if (e instanceof ConfigException) {
      err.println("switchboard: " + e.getMessage());
      return EXIT_CONFIG;
    }
    err.println("switchboard: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    return 1;
  }

  /**
   * Blocks until the JVM is asked to stop, then closes {@code app}: the fleet finishes its current batches and releases
   * its leases, so another instance takes over at its next heartbeat instead of after the lease. SIGTERM and SIGINT
   * (docker stop, systemd, Ctrl-C) are caught so that the command returns and the process exits 0; any other way of
   * stopping the JVM still closes {@code app}, from a shutdown hook.
   */
  public static void awaitShutdown(AutoCloseable app) {
    CountDownLatch asked = new CountDownLatch(1);
    AtomicBoolean closing = new AtomicBoolean();
    CountDownLatch closed = new CountDownLatch(1);
    Runnable close = () -> {
      if (!closing.compareAndSet(false, true)) {
        awaitQuietly(closed);
        return;
      }
      try {
        app.close();
      } catch (Exception e) {
        System.err.println("switchboard: stop failed: " + e);
      } finally {
        closed.countDown();
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(close, "switchboard-shutdown"));
    for (String name : List.of("TERM", "INT")) {
      try {
        Signal.handle(new Signal(name), signal -> asked.countDown());
      } catch (IllegalArgumentException e) {
        // the signal is reserved here (-Xrs, or a platform without it): the shutdown hook stops the app instead
      }
    }
    awaitQuietly(asked);
    close.run();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
