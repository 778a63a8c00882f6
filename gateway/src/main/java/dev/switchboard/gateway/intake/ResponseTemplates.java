package dev.switchboard.gateway.intake;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.switchboard.gateway.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Mustache templates for the mail we send. A template file holds a {@code Subject:} line, a blank line and the body.
 * Lookup order: the mailbox's templates directory, the global one, then the built-in templates. Mustache is
 * logic-less, so an administrator's override cannot run code; values are inserted as plain text (no HTML escaping,
 * since the bodies are text/plain).
 */
public final class ResponseTemplates {
  /** A rendered mail: subject and plain-text body. */
  public record Rendered(String subject, String body) {}

  private static final String BUILT_IN = "templates/";
  private static final Pattern LINE_BREAKS = Pattern.compile("[\r\n]+");

  private final DefaultMustacheFactory factory =
      new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
          try {
            writer.write(value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
  private final Map<String, Mustache> cache = new ConcurrentHashMap<>();
  private final Path globalDirectory;

  public ResponseTemplates(String globalDirectory) {
    this.globalDirectory = globalDirectory == null ? null : Path.of(globalDirectory);
  }

  /** Checks at start-up that every named template exists and compiles, so a typo fails before mail arrives. */
  public void validate(String mailboxDirectory, List<String> names, String configKey) {
    for (String name : names) {
      try {
        load(mailboxDirectory, name);
      } catch (RuntimeException e) {
        throw new ConfigException(configKey, "template " + name + " is not usable: " + e.getMessage());
      }
    }
  }

  /** Whether a template of this name exists in the lookup order (a file or built in). */
  public boolean has(String mailboxDirectory, String name) {
    try {
      load(mailboxDirectory, name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public Rendered render(String mailboxDirectory, String name, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    load(mailboxDirectory, name).execute(out, scope);
    return split(out.toString(), name);
  }

  private Mustache load(String mailboxDirectory, String name) {
    String key = (mailboxDirectory == null ? "" : mailboxDirectory) + "|" + name;
    return cache.computeIfAbsent(key, k -> factory.compile(new StringReader(read(mailboxDirectory, name)), name));
  }

  private String read(String mailboxDirectory, String name) {
    List<Path> candidates = new ArrayList<>();
    if (mailboxDirectory != null) {
      candidates.add(Path.of(mailboxDirectory).resolve(name + ".mustache"));
    }
    if (globalDirectory != null) {
      candidates.add(globalDirectory.resolve(name + ".mustache"));
    }
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        try {
          return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read template " + p, e);
        }
      }
    }
    try (InputStream in = ResponseTemplates.class.getClassLoader().getResourceAsStream(BUILT_IN + name + ".mustache")) {
      if (in == null) {
        throw new IllegalArgumentException("no template named " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in template " + name, e);
    }
  }

  private static Rendered split(String text, String name) {
    // every outgoing mail is rendered here: plain string operations, no regular expression compiled per mail
    String normalized = text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n");
    if (!normalized.startsWith("Subject:")) {
      throw new IllegalStateException("template " + name + " must start with a 'Subject:' line");
    }
    int end = normalized.indexOf('\n');
    String subject = (end < 0 ? normalized : normalized.substring(0, end)).substring("Subject:".length()).strip();
    int bodyStart = end < 0 ? normalized.length() : end + 1;
    if (normalized.startsWith("\n", bodyStart)) {
      bodyStart++;
    }
    return new Rendered(LINE_BREAKS.matcher(subject).replaceAll(" "), normalized.substring(bodyStart));
  }
}
