package dev.switchboard.gateway.cli;

import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.ParsedEmail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "parse",
    description = "Print what the gateway makes of mail files: one JSON object per message (- reads standard input).")
final class ParseCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = ".eml files, or - for standard input")
  List<String> files;

  @Option(names = "--compact", description = "one line per message instead of pretty JSON")
  boolean compact;

  @Override
  public Integer call() throws IOException {
    EmailParser parser = new EmailParser();
    int missing = 0;
    for (String f : files) {
      byte[] raw;
      if ("-".equals(f)) {
        raw = System.in.readAllBytes();
      } else {
        Path p = Path.of(f);
        if (!Files.isRegularFile(p)) {
          System.err.println("switchboard: no such file: " + f);
          missing++;
          continue;
        }
        raw = Files.readAllBytes(p);
      }
      try (ParsedEmail parsed = parser.parse(raw)) {
        var json = ParsedEmailJson.of(f, parsed);
        System.out.println(compact ? json.encode() : json.encodePrettily());
      }
    }
    return missing == 0 ? 0 : 1;
  }
}
