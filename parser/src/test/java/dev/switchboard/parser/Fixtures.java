package dev.switchboard.parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Test resources by path, read as bytes. */
final class Fixtures {
  static final Path RESOURCES = Paths.get("src", "test", "resources");

  private Fixtures() {}

  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(RESOURCES.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String relative) {
    return new String(bytes(relative), StandardCharsets.UTF_8);
  }

  static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
