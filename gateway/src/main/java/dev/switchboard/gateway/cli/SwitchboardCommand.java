package dev.switchboard.gateway.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    // every sub-command answers --help with exit code 0
    scope = CommandLine.ScopeType.INHERIT,
    version = "Switchboard 0.1.0",
    description = "Email and phone intake gateway for IT help desks.",
    subcommands = {RunCommand.class, MigrateCommand.class, ParseCommand.class, TokenCommand.class, OAuthCommand.class,
        ReconcileCommand.class, StatusCommand.class})
public final class SwitchboardCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    names.remove("help");
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: " + String.join(", ", names));
  }

  /**
   * The production command line; the demo jar adds its own sub-commands ({@code demo}, {@code bench}) to it, so that
   * the production jar carries no embedded mail server or benchmark.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new SwitchboardCommand()).setExecutionExceptionHandler(Cli::handle);
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }
}
