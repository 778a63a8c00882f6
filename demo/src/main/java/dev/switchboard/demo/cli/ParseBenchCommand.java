package dev.switchboard.demo.cli;

import dev.switchboard.demo.bench.ParseBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench-parse",
    aliases = "parse-bench",
    description = "Measure the parser (messages/s, MB/s over a corpus) and the heap for one large attachment, "
        + "parsed and stored in an embedded PostgreSQL; prints a table.")
final class ParseBenchCommand implements Callable<Integer> {
  private static final Path REPO_CORPUS = Path.of("parser", "src", "test", "resources");

  @Option(names = "--corpus", paramLabel = "DIR",
      description = "directory of .eml/.msg files, searched recursively (default: parser/src/test/resources when run "
          + "from the repository, else the golden mails bundled in the jar)")
  Path corpus;

  @Option(names = "--attachment-mb", defaultValue = "50", description = "size of the generated attachment in MB (default: ${DEFAULT-VALUE})")
  int attachmentMb;

  @Option(names = "--seconds", defaultValue = "5", description = "length of the throughput measurement (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--no-store", description = "skip the store rows (no embedded PostgreSQL)")
  boolean noStore;

  @Override
  public Integer call() throws Exception {
    Path dir = corpus != null ? corpus : Files.isDirectory(REPO_CORPUS) ? REPO_CORPUS : null;
    new ParseBench(dir, attachmentMb * 1024L * 1024L, seconds, !noStore, System.out).run();
    return 0;
  }
}
