package dev.switchboard.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    // every sub-command answers --help with exit code 0
    scope = CommandLine.ScopeType.INHERIT,
    version = "Switchboard 0.1.0",
    description = "Email and phone intake gateway for IT help desks.",
    subcommands = {RunCommand.class, DemoCommand.class, MigrateCommand.class, ParseCommand.class, BenchCommand.class,
        ParseBenchCommand.class, TokenCommand.class, OAuthCommand.class, ReconcileCommand.class,
        StatusCommand.class})
public final class SwitchboardCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "choose a command: run, demo, migrate, status, token, oauth, parse, bench, bench-parse");
  }

  public static int execute(String... args) {
    return new CommandLine(new SwitchboardCommand()).setExecutionExceptionHandler(Cli::handle).execute(args);
  }
}
