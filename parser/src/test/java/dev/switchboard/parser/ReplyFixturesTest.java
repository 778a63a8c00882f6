package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our own reply fixtures, one directory per family ({@code replies/<family>/<case>.txt|.html} with
 * {@code <case>.expected.txt}); README.md says which client and version each family imitates. Reports exact and soft
 * (whitespace-normalised) rates per family; the floors are asserted so a regression fails the build.
 */
class ReplyFixturesTest {
  private static final Path ROOT = Fixtures.RESOURCES.resolve("replies");

  record Score(int total, int exact, int soft, List<String> failures) {}

  static Map<String, Score> scoreAll() throws IOException {
    Map<String, Score> scores = new TreeMap<>();
    try (Stream<Path> families = Files.list(ROOT)) {
      for (Path family : families.sorted().toList()) {
        int total = 0;
        int exact = 0;
        int soft = 0;
        List<String> failures = new ArrayList<>();
        try (Stream<Path> files = Files.list(family)) {
          for (Path input : files.sorted().filter(p -> !p.toString().endsWith(".expected.txt")).toList()) {
            String name = input.getFileName().toString();
            String base = name.substring(0, name.lastIndexOf('.'));
            String body = Files.readString(input, StandardCharsets.UTF_8);
            String expected = Files.readString(family.resolve(base + ".expected.txt"), StandardCharsets.UTF_8).strip();
            String reply = name.endsWith(".html") ? ReplyExtractor.extractHtml(body) : ReplyExtractor.extract(body);
            total++;
            if (reply.equals(expected)) {
              exact++;
            } else {
              failures.add(base + ": expected <" + expected + "> but was <" + reply + ">");
            }
            if (normalise(reply).equals(normalise(expected))) {
              soft++;
            }
          }
        }
        scores.put(family.getFileName().toString(), new Score(total, exact, soft, failures));
      }
    }
    return scores;
  }

  private static String normalise(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  @Test
  void everyFixtureFamilyIsExtractedExactly() throws IOException {
    Map<String, Score> scores = scoreAll();
    scores.forEach((family, score) -> {
      System.out.printf("reply fixtures %-18s exact %3d/%3d  soft %3d/%3d%n", family, score.exact(), score.total(),
          score.soft(), score.total());
      score.failures().forEach(f -> System.out.println("  FAIL " + f));
    });
    assertThat(scores).containsKeys("apple-mail", "gmail-plain", "html", "mobile-signature", "ordinary",
        "outlook-plain", "thunderbird", "wrapped");
    scores.forEach((family, score) -> assertThat(score.exact())
        .as("exact replies in %s; failures: %s", family, score.failures())
        .isGreaterThanOrEqualTo(score.total() * FLOOR_PERCENT / 100));
    assertThat(scores.get("ordinary").failures()).as("ordinary mail must never be cut").isEmpty();
  }

  private static final int FLOOR_PERCENT = 100;
}
