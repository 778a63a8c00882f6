package dev.switchboard.demo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The live scenario's mails, generated before its clock starts and kept in a temporary directory, one file each, so
 * the bench does not hold them in the heap it shares with the service (15,000 mails are about 175 MB).
 */
final class LiveSpool {
  private final Path directory;
  private final int size;

  private LiveSpool(Path directory, int size) {
    this.directory = directory;
    this.size = size;
  }

  static LiveSpool write(int size, IntFunction<byte[]> mail) throws IOException {
    Path directory = Files.createTempDirectory("switchboard-bench-live");
    for (int n = 0; n < size; n++) {
      Files.write(directory.resolve(n + ".eml"), mail.apply(n));
    }
    return new LiveSpool(directory, size);
  }

  int size() {
    return size;
  }

  byte[] read(int n) {
    try {
      return Files.readAllBytes(directory.resolve(n + ".eml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
