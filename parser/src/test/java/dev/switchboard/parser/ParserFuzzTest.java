package dev.switchboard.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of real messages (byte flips, truncations, duplicated and deleted ranges, injected MIME syntax):
 * parse() must return a result, never throw, and never report an internal error. Bounded to stay well under 30 s.
 */
class ParserFuzzTest {
  private static final long SEED = 20260305L;
  private static final int MUTATIONS_PER_MESSAGE = 6;
  private static final byte[][] TOKENS = {
      "\r\n--".getBytes(), "\r\n\r\n".getBytes(), "=?utf-8?B?".getBytes(), "Content-Type: multipart/mixed; boundary=x\r\n".getBytes(),
      "Content-Transfer-Encoding: base64\r\n".getBytes(), "charset=\"x-bogus\"".getBytes(), "filename*0*=utf-8''%".getBytes(),
      new byte[] {0}, ">".getBytes(), "On Mon, 1 Jan 2024 wrote:\n".getBytes()};

  @Test
  void mutatedCorpusMessagesNeverMakeParseThrow() throws IOException {
    List<Path> corpus = corpus();
    Random random = new Random(SEED);
    EmailParser parser = new EmailParser(new ParserLimits(200, 8, 1024 * 1024, 20, 64 * 1024));
    int parsed = 0;
    long start = System.nanoTime();
    for (Path path : corpus) {
      byte[] original = Files.readAllBytes(path);
      for (int i = 0; i < MUTATIONS_PER_MESSAGE; i++) {
        byte[] mutated = mutate(original, random);
        try (ParsedEmail email = parser.parse(mutated)) {
          assertThat(email).isNotNull();
          assertThat(email.warnings()).as("%s mutation %d", path, i).extracting(ParseWarning::code)
              .doesNotContain("internal-error");
          parsed++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("fuzz messages=%d seconds=%.1f%n", parsed, seconds);
    assertThat(parsed).isGreaterThan(1000);
  }

  private static List<Path> corpus() throws IOException {
    Path base = Fixtures.RESOURCES.resolve("corpora");
    try (Stream<Path> files = Stream.concat(Stream.concat(
            Files.list(base.resolve("mime4j/testmsgs")), Files.list(base.resolve("mime4j/mimetools-testmsgs"))),
        Stream.concat(Files.list(base.resolve("sisimai/bsd")), Files.list(Fixtures.RESOURCES.resolve("golden"))))) {
      return files.filter(p -> p.toString().endsWith(".msg") || p.toString().endsWith(".eml")).sorted().toList();
    }
  }

  private static byte[] mutate(byte[] in, Random random) {
    if (in.length == 0) {
      return TOKENS[random.nextInt(TOKENS.length)];
    }
    byte[] out = in.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        for (int n = 1 + random.nextInt(20); n > 0; n--) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> out = Arrays.copyOf(out, random.nextInt(out.length));
      case 2 -> {
        int at = random.nextInt(out.length);
        byte[] token = TOKENS[random.nextInt(TOKENS.length)];
        byte[] grown = new byte[out.length + token.length];
        System.arraycopy(out, 0, grown, 0, at);
        System.arraycopy(token, 0, grown, at, token.length);
        System.arraycopy(out, at, grown, at + token.length, out.length - at);
        out = grown;
      }
      case 3 -> {
        int from = random.nextInt(out.length);
        int to = Math.min(out.length, from + random.nextInt(2000));
        byte[] shrunk = new byte[out.length - (to - from)];
        System.arraycopy(out, 0, shrunk, 0, from);
        System.arraycopy(out, to, shrunk, from, out.length - to);
        out = shrunk;
      }
      default -> {
        int from = random.nextInt(out.length);
        int len = Math.min(out.length - from, random.nextInt(500));
        byte[] grown = new byte[out.length + len * 3];
        System.arraycopy(out, 0, grown, 0, out.length);
        for (int k = 0; k < 3; k++) {
          System.arraycopy(out, from, grown, out.length + k * len, len);
        }
        out = grown;
      }
    }
    return out;
  }
}
