package dev.switchboard.telephony.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.asteriskjava.manager.event.ManagerEvent;

/**
 * An AMI transcript ({@code src/test/resources/ami/<name>.ami}): blocks of {@code Key: Value} lines, CRLF, a blank
 * line after each block. Gives the blocks as text (for {@link AmiReplayServer}) and as Asterisk-Java events built by the
 * same {@code EventBuilderImpl} Asterisk-Java's reader uses (for feeding the mapper without a socket).
 */
public final class AmiTranscript {

  private final String name;
  private final List<Block> blocks;

  private AmiTranscript(String name, List<Block> blocks) {
    this.name = name;
    this.blocks = List.copyOf(blocks);
  }

  /**
   * One frame.
   *
   * @param fields keys as sent, in order
   * @param raw the frame's exact text including its terminating blank line
   */
  public record Block(Map<String, String> fields, String raw) {
    public Block {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      Objects.requireNonNull(raw, "raw");
    }

    public String get(String key) {
      for (Map.Entry<String, String> e : fields.entrySet()) {
        if (e.getKey().equalsIgnoreCase(key)) {
          return e.getValue();
        }
      }
      return null;
    }
  }

  /** Loads {@code /ami/<name>.ami} from the test classpath (this module's test resources or its test-jar). */
  public static AmiTranscript load(String name) {
    String resource = "/ami/" + name + ".ami";
    try (InputStream in = AmiTranscript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no transcript on the classpath at " + resource);
      }
      return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits AMI text into blocks; accepts CRLF or bare LF, keeps each block's original text for replay. */
  public static AmiTranscript parse(String name, String text) {
    List<Block> blocks = new ArrayList<>();
    StringBuilder raw = new StringBuilder();
    Map<String, String> fields = new LinkedHashMap<>();
    int pos = 0;
    while (pos < text.length()) {
      int nl = text.indexOf('\n', pos);
      int next = nl < 0 ? text.length() : nl + 1;
      String line = text.substring(pos, next);
      String content = line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
          : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      raw.append(line);
      if (content.isEmpty()) {
        if (!fields.isEmpty() || raw.length() > line.length()) {
          blocks.add(new Block(fields, raw.toString()));
        }
        fields = new LinkedHashMap<>();
        raw.setLength(0);
      } else {
        int colon = content.indexOf(':');
        if (colon > 0) {
          fields.put(content.substring(0, colon).trim(), content.substring(colon + 1).trim());
        }
      }
      pos = next;
    }
    if (!fields.isEmpty()) {
      blocks.add(new Block(fields, raw + "\r\n"));
    }
    return new AmiTranscript(name, blocks);
  }

  public String name() {
    return name;
  }

  public List<Block> blocks() {
    return blocks;
  }

  /** The event blocks as Asterisk-Java builds them; frames it cannot build (unknown type, no Event) are skipped. */
  public List<ManagerEvent> managerEvents() {
    List<ManagerEvent> events = new ArrayList<>();
    for (Block block : blocks) {
      if (block.get("Event") == null) {
        continue;
      }
      ManagerEvent event = buildEvent(block);
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  /** Builds one event like Asterisk-Java's {@code ManagerReaderImpl}: lower-cased keys into its EventBuilderImpl. */
  public static ManagerEvent buildEvent(Block block) {
    Map<String, Object> attributes = new HashMap<>();
    block.fields().forEach((k, v) -> attributes.put(k.toLowerCase(Locale.ENGLISH), v));
    try {
      return (ManagerEvent) BUILD_EVENT.invoke(EVENT_BUILDER, AmiTranscript.class, attributes);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("EventBuilderImpl.buildEvent failed for " + block.fields(), e);
    }
  }

  // EventBuilderImpl is package-private in Asterisk-Java; it is still the exact code that turns frames into events on
  // a live connection, so tests reach it by reflection rather than re-implementing it.
  private static final Object EVENT_BUILDER;
  private static final Method BUILD_EVENT;

  static {
    try {
      Class<?> type = Class.forName("org.asteriskjava.manager.internal.EventBuilderImpl");
      Constructor<?> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      EVENT_BUILDER = constructor.newInstance();
      BUILD_EVENT = type.getMethod("buildEvent", Object.class, Map.class);
      BUILD_EVENT.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
