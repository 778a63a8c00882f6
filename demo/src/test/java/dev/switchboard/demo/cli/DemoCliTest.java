package dev.switchboard.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.cli.SwitchboardCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCliTest {
  private static final List<String> DEMO_ONLY = List.of("demo", "bench", "bench-parse");

  @Test
  void demoJarHasEveryProductionCommandPlusDemoAndBench() {
    List<String> production = names(SwitchboardCommand.commandLine());
    List<String> demo = names(DemoCli.commandLine());

    assertThat(production).as("production commands").doesNotContainAnyElementsOf(DEMO_ONLY).contains("run", "status");
    assertThat(demo).as("demo jar commands").containsAll(production).containsAll(DEMO_ONLY);
    assertThat(DemoCli.commandLine().getSubcommands()).as("the alias of bench-parse").containsKey("parse-bench");
  }

  @Test
  void everyCommandsHelpExitsZeroInBothJars() {
    assertEveryHelpExitsZero(SwitchboardCommand::commandLine);
    assertEveryHelpExitsZero(DemoCli::commandLine);
  }

  private static void assertEveryHelpExitsZero(Supplier<CommandLine> cli) {
    List<List<String>> paths = new ArrayList<>();
    collect(cli.get(), new ArrayList<>(), paths);
    assertThat(paths).as("commands found").hasSizeGreaterThan(8);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      StringWriter out = new StringWriter();
      CommandLine fresh = cli.get();
      fresh.setOut(new PrintWriter(out));
      int exit = fresh.execute(args.toArray(String[]::new));
      assertThat(exit).as("exit code of %s", String.join(" ", args)).isZero();
      assertThat(out.toString()).as("help of %s", String.join(" ", args)).contains("Usage:");
    }
  }

  private static void collect(CommandLine cmd, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      // aliases map to the same command: walk each command once, by its name
      if (sub.getKey().equals(sub.getValue().getCommandName())) {
        List<String> next = new ArrayList<>(path);
        next.add(sub.getKey());
        collect(sub.getValue(), next, into);
      }
    }
  }

  private static List<String> names(CommandLine cmd) {
    return new ArrayList<>(cmd.getSubcommands().keySet());
  }
}
