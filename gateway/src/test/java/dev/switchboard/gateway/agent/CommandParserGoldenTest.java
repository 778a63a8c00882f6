package dev.switchboard.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.TicketOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses every {@code commands/*.txt} (a coordinator's reply text) and compares a plain rendering of the result with
 * {@code <name>.expected}. A missing golden file is written and the test fails: adding a case means dropping in a file
 * and reviewing the output.
 */
class CommandParserGoldenTest {
  private static final Path DIR = Path.of("src", "test", "resources", "commands");
  private final CommandParser parser = new CommandParser(TicketOptions.DEFAULT_STATUSES, TicketOptions.DEFAULT_PRIORITIES);

  @TestFactory
  Stream<DynamicTest> parsedCommandsMatchGoldenFiles() throws IOException {
    List<Path> inputs;
    try (Stream<Path> files = Files.list(DIR)) {
      inputs = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    assertThat(inputs).as("command fixtures in %s", DIR.toAbsolutePath()).isNotEmpty();
    return inputs.stream().map(txt -> DynamicTest.dynamicTest(txt.getFileName().toString(), () -> {
      String actual = render(parser.parse(Files.readString(txt, StandardCharsets.UTF_8)));
      Path expected = DIR.resolve(txt.getFileName().toString().replaceFirst("\\.txt$", ".expected"));
      if (!Files.exists(expected)) {
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
        throw new AssertionError("golden file was missing and has been written; review and commit " + expected);
      }
      assertThat(actual).as("parse of %s", txt).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }));
  }

  @Test
  void aPlainReplyHasNoCommandsAndKeepsItsText() {
    CommandParser.Parsed p = parser.parse("Hello Jane,\n\nit works now.\n");
    assertThat(p.commands()).isEmpty();
    assertThat(p.ok()).isTrue();
    assertThat(p.body()).isEqualTo("Hello Jane,\n\nit works now.");
  }

  @Test
  void valuesAreReturnedInTheirConfiguredSpelling() {
    CommandParser custom = new CommandParser(List.of("new", "open", "Waiting For Customer", "resolved", "closed"),
        List.of("P1", "P2"));
    assertThat(custom.parse("#status waiting-for-customer\n#priority p1").commands())
        .containsExactly(new CommandParser.SetStatus("Waiting For Customer"), new CommandParser.SetPriority("P1"));
  }

  static String render(CommandParser.Parsed p) {
    StringBuilder out = new StringBuilder();
    p.commands().forEach(c -> out.append("command: ").append(c).append('\n'));
    p.errors().forEach(e -> out.append("error: ").append(e).append('\n'));
    out.append("note: ").append(p.isNote()).append('\n');
    out.append("body:\n").append(p.body()).append("\n");
    return out.toString();
  }
}
