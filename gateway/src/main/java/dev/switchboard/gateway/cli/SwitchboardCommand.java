package dev.switchboard.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    version = "Switchboard 0.1.0",
    description = "Email and phone intake gateway for IT help desks.",
    subcommands = {RunCommand.class, DemoCommand.class, MigrateCommand.class, ParseCommand.class, BenchCommand.class,
        ParseBenchCommand.class, OAuthCommand.class})
public final class SwitchboardCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: run, demo, migrate, parse, bench, bench-parse, oauth");
  }

  public static int execute(String... args) {
    return new CommandLine(new SwitchboardCommand()).setExecutionExceptionHandler(Cli::handle).execute(args);
  }
}
