package dev.switchboard.demo.cli;

import dev.switchboard.gateway.cli.SwitchboardCommand;
import picocli.CommandLine;

/** The production command line plus the commands that need an embedded mail server or phone system. */
public final class DemoCli {
  private DemoCli() {}

  public static CommandLine commandLine() {
    return SwitchboardCommand.commandLine()
        .addSubcommand(new DemoCommand())
        .addSubcommand(new BenchCommand())
        .addSubcommand(new ParseBenchCommand());
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }
}
