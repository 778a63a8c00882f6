package dev.switchboard.gateway.cli;

import dev.switchboard.gateway.config.ConfigException;
import dev.switchboard.gateway.config.SwitchboardConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/** Shared bits of the sub-commands: loading config with clear errors, and waiting for Ctrl-C. */
final class Cli {
  static final int EXIT_CONFIG = 2;

  private Cli() {}

  static SwitchboardConfig loadConfig(Path file) {
    return SwitchboardConfig.load(file, System.getenv());
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

  /** Blocks until the JVM is asked to stop; the caller's shutdown hook does the stopping. */
  static void awaitShutdown(AutoCloseable app) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    app.close();
                  } catch (Exception e) {
                    System.err.println("switchboard: stop failed: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "switchboard-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
