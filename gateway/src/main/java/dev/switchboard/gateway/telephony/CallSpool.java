package dev.switchboard.gateway.telephony;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PBX's finished calls that the database could not take yet: a JSON-lines file, one call per line in the order
 * the calls finished, each write forced to disk before it counts. Lines are read from a head offset that advances as
 * calls reach the call journal; when every line is read the file is emptied. The offset lives in memory only: after a
 * restart the whole file is journaled again, which the journal ignores for calls it has (idempotent on PBX and
 * Linkedid).
 *
 * <p>Blocking file I/O: used from one worker thread at a time.
 */
final class CallSpool {
  private static final Logger log = LoggerFactory.getLogger(CallSpool.class);

  /** Calls read from the head, and the offset just past them. */
  record Batch(List<JsonObject> calls, int lines, long end) {
    Batch {
      calls = List.copyOf(calls);
    }
  }

  private final Path directory;
  private final Path file;
  private final String pbx;
  private long offset;

  CallSpool(Path directory, String pbx) {
    this.directory = directory;
    this.file = directory.resolve(pbx + ".jsonl");
    this.pbx = pbx;
  }

  Path file() {
    return file;
  }

  /**
   * Opens what an earlier run left and returns how many calls wait in it. A last line without its newline is a write
   * that never completed (its call was not yet counted as spooled) and is cut off.
   */
  int open() throws IOException {
    offset = 0;
    if (!Files.exists(file)) {
      return 0;
    }
    int lines = 0;
    long lastNewline = -1;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      long position = 0;
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          lines++;
          lastNewline = position;
        }
        position++;
      }
      if (lastNewline + 1 < position) {
        log.warn("call spool has an incomplete last line, cut off pbx={} bytes={}", pbx, position - lastNewline - 1);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
          ch.truncate(lastNewline + 1);
          ch.force(true);
        }
      }
    }
    return lines;
  }

  /** Adds calls at the end; they are on disk when this returns. */
  void append(List<JsonObject> calls) throws IOException {
    boolean created = !Files.exists(file);
    if (created) {
      Files.createDirectories(directory);
    }
    try (FileChannel ch = FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer bytes = ByteBuffer.wrap(lines(calls));
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
      ch.force(true);
    }
    if (created) {
      forceDirectory();
    }
  }

  /**
   * Puts calls before those not yet read (older calls that were in memory when the database failed): the unread rest
   * and these are written to a new file that replaces the old one atomically.
   */
  void prepend(List<JsonObject> calls) throws IOException {
    Files.createDirectories(directory);
    Path next = directory.resolve(file.getFileName() + ".next");
    try (FileChannel out = FileChannel.open(
        next, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer head = ByteBuffer.wrap(lines(calls));
      while (head.hasRemaining()) {
        out.write(head);
      }
      if (Files.exists(file)) {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
          long size = in.size();
          long at = offset;
          while (at < size) {
            at += in.transferTo(at, size - at, out);
          }
        }
      }
      out.force(true);
    }
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    forceDirectory();
    offset = 0;
  }

  /** Up to {@code limit} calls from the head, without consuming them. A line that is not JSON is skipped, logged. */
  Batch read(int limit) throws IOException {
    List<JsonObject> calls = new ArrayList<>();
    if (!Files.exists(file)) {
      return new Batch(calls, 0, offset);
    }
    int lines = 0;
    long position = offset;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(offset)))) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while (lines < limit && (b = in.read()) != -1) {
        position++;
        if (b != '\n') {
          line.write(b);
          continue;
        }
        lines++;
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        try {
          calls.add(new JsonObject(text));
        } catch (DecodeException e) {
          log.error("call spool line unreadable, skipped pbx={} lineEnd={}", pbx, position);
        }
      }
    }
    return new Batch(calls, lines, position);
  }

  /** Marks the calls up to {@code end} as journaled; the file is emptied once nothing is left to read. */
  void consumed(long end) throws IOException {
    offset = end;
    if (Files.exists(file) && offset >= Files.size(file)) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(0);
        ch.force(true);
      }
      offset = 0;
    }
  }

  private static byte[] lines(List<JsonObject> calls) {
    StringBuilder sb = new StringBuilder();
    for (JsonObject c : calls) {
      // JsonObject.encode escapes line breaks inside strings, so one call is always one line
      sb.append(c.encode()).append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A new or renamed file is durable only once its directory entry is. */
  private void forceDirectory() throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
