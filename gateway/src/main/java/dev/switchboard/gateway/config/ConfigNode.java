package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One object of the configuration file, read key by key. It remembers which keys were read, so {@link #finish()} can
 * reject the rest: a misspelt key fails start-up instead of being silently ignored. String values may refer to the
 * environment as {@code ${NAME}} or {@code ${NAME:-default}}, which keeps secrets out of the file.
 */
public final class ConfigNode {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final String path;
  private final JsonObject json;
  private final Map<String, String> env;
  private final Set<String> read = new HashSet<>();

  public ConfigNode(String path, JsonObject json, Map<String, String> env) {
    this.path = path;
    this.json = json == null ? new JsonObject() : json;
    this.env = env;
  }

  public static ConfigNode root(JsonObject json, Map<String, String> env) {
    return new ConfigNode("", json, env);
  }

  public String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean has(String name) {
    return json.containsKey(name) && json.getValue(name) != null;
  }

  public String string(String name, String defaultValue) {
    read.add(name);
    Object v = json.getValue(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof JsonObject || v instanceof JsonArray) {
      throw new ConfigException(key(name), "must be a string");
    }
    String s = substitute(name, String.valueOf(v));
    return s.isEmpty() ? defaultValue : s;
  }

  public String requiredString(String name) {
    String s = string(name, null);
    if (s == null || s.isBlank()) {
      throw new ConfigException(key(name), "is required");
    }
    return s;
  }

  public int integer(String name, int defaultValue, int min, int max) {
    read.add(name);
    Object v = json.getValue(name);
    if (v == null) {
      return defaultValue;
    }
    int value;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      value = n.intValue();
    } else if (v instanceof String s) {
      try {
        value = Integer.parseInt(substitute(name, s).strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(key(name), "must be a whole number, was " + shown(name, s));
      }
    } else {
      throw new ConfigException(key(name), "must be a whole number, was " + shown(name, String.valueOf(v)));
    }
    if (value < min || value > max) {
      throw new ConfigException(key(name), "must be between " + min + " and " + max + ", was " + shown(name, value));
    }
    return value;
  }

  public boolean bool(String name, boolean defaultValue) {
    read.add(name);
    Object v = json.getValue(name);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = substitute(name, String.valueOf(v)).strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new ConfigException(key(name), "must be true or false, was " + shown(name, s));
    };
  }

  /** One of the allowed words, case-insensitively; returned lower-cased. */
  public String oneOf(String name, String defaultValue, List<String> allowed) {
    String s = string(name, defaultValue);
    if (s == null) {
      return null;
    }
    String lower = s.toLowerCase(Locale.ROOT);
    if (!allowed.contains(lower)) {
      throw new ConfigException(key(name), "must be one of " + allowed + ", was " + shown(name, s));
    }
    return lower;
  }

  public ConfigNode child(String name) {
    read.add(name);
    Object v = json.getValue(name);
    if (v != null && !(v instanceof JsonObject)) {
      throw new ConfigException(key(name), "must be an object");
    }
    return new ConfigNode(key(name), (JsonObject) v, env);
  }

  public <T> List<T> objects(String name, Function<ConfigNode, T> reader) {
    read.add(name);
    Object v = json.getValue(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof JsonArray array)) {
      throw new ConfigException(key(name), "must be a list");
    }
    List<T> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      String itemKey = key(name) + "[" + i + "]";
      if (!(item instanceof JsonObject obj)) {
        throw new ConfigException(itemKey, "must be an object");
      }
      ConfigNode node = new ConfigNode(itemKey, obj, env);
      out.add(reader.apply(node));
      node.finish();
    }
    return out;
  }

  public List<String> strings(String name) {
    read.add(name);
    Object v = json.getValue(name);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(substitute(name, s));
    }
    if (!(v instanceof JsonArray array)) {
      throw new ConfigException(key(name), "must be a list of strings");
    }
    List<String> out = new ArrayList<>(array.size());
    for (Object item : array) {
      if (item == null || item instanceof JsonObject || item instanceof JsonArray) {
        throw new ConfigException(key(name), "must be a list of strings");
      }
      out.add(substitute(name, String.valueOf(item)));
    }
    return List.copyOf(out);
  }

  /** Rejects every key that no reader asked for. Call after reading all of this node's keys. */
  public void finish() {
    Set<String> unknown = new TreeSet<>(json.fieldNames());
    unknown.removeAll(read);
    if (!unknown.isEmpty()) {
      throw new ConfigException(key(unknown.iterator().next()), "unknown key");
    }
  }

  /**
   * A value for an error message: quoted (numbers as they are), or {@code '***'} when the key names a secret or the value came from the
   * environment (where secrets live), so a misplaced secret never ends up in a log.
   */
  public String shown(String name, Object value) {
    if (Redaction.isSecretName(name) || fromEnvironment(json.getValue(name))) {
      return "'" + Redaction.MASK + "'";
    }
    return value instanceof Number ? String.valueOf(value) : "'" + value + "'";
  }

  private static boolean fromEnvironment(Object raw) {
    if (raw instanceof JsonArray array) {
      return array.stream().anyMatch(ConfigNode::fromEnvironment);
    }
    return raw instanceof String s && ENV_REF.matcher(s).find();
  }

  private String substitute(String name, String value) {
    Matcher m = ENV_REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.get(m.group(1));
      if (replacement == null) {
        replacement = m.group(2);
      }
      if (replacement == null) {
        throw new ConfigException(key(name), "refers to environment variable " + m.group(1) + ", which is not set");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
