package dev.switchboard.demo.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirDropTest {
  @TempDir Path maildir;

  @Test
  void everyMailEndsUpWholeInNewUnderItsOwnNameAndNothingIsLeftInTmp() throws Exception {
    int threads = 4;
    int perThread = 250;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Set<String> sent = new HashSet<>();
    List<Future<?>> running = new ArrayList<>();
    try (MailDrop drop = MailDrop.maildir(maildir)) {
      for (int t = 0; t < threads; t++) {
        List<byte[]> mails = new ArrayList<>();
        for (int n = 0; n < perThread; n++) {
          String mail = "Message-ID: <" + t + "." + n + "@bench.test>\r\nSubject: s\r\n\r\nbody " + t + "." + n + "\r\n";
          sent.add(mail);
          mails.add(mail.getBytes(StandardCharsets.US_ASCII));
        }
        running.add(pool.submit(() -> {
          // one mail per call, as the live scenario delivers
          for (byte[] m : mails) {
            drop.deliver(List.of(m));
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Set<String> received = new HashSet<>();
    try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
      for (Path f : files.toList()) {
        received.add(Files.readString(f, StandardCharsets.US_ASCII));
      }
    }
    assertEquals(sent, received);
    try (Stream<Path> left = Files.list(maildir.resolve("tmp"))) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void bytesAreWrittenAsGivenWithoutLineEndingChanges() throws Exception {
    byte[] mail = "Subject: x\r\n\r\n\u00e9\n8bit\r\n".getBytes(StandardCharsets.UTF_8);
    try (MailDrop drop = MailDrop.maildir(maildir)) {
      drop.deliver(List.of(mail));
    }
    try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
      assertArrayEquals(mail, Files.readAllBytes(files.findFirst().orElseThrow()));
    }
  }
}
