package dev.switchboard.gateway;

import dev.switchboard.gateway.cli.SwitchboardCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of {@code switchboard.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    exit(SwitchboardCommand.commandLine(), args);
  }

  /** Runs one command of {@code cli} and exits with its code; the demo jar's entry point shares it. */
  public static void exit(CommandLine cli, String[] args) {
    // Angus Mail logs through java.util.logging, whose default handler prints two-line records on stderr; route it
    // through SLF4J so logback.xml decides what shows, in the service's own format
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    System.exit(cli.execute(args));
  }
}
