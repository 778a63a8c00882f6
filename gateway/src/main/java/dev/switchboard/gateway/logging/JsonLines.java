package dev.switchboard.gateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One log event as one JSON object, with the same keys as the text line: our messages are constant text with
 * {@code key={}} fields ({@code "ticket created ticket={} mailbox={}"}), so each {@code key={}} becomes a JSON field
 * holding its argument (numbers and booleans as such) and the rest, here {@code "ticket created"}, is {@code msg}.
 * A {@code {}} without a key is filled in place, as in the text line.
 */
public final class JsonLines {
  private static final Pattern KEY_BEFORE = Pattern.compile("(?:^|\\s)([A-Za-z][A-Za-z0-9_.]*)=$");

  private JsonLines() {}

  public static String line(ILoggingEvent event) {
    JsonObject json =
        new JsonObject()
            .put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString())
            .put("level", event.getLevel().toString())
            .put("logger", event.getLoggerName())
            .put("thread", event.getThreadName());
    JsonObject fields = new JsonObject();
    json.put("msg", message(event.getMessage(), event.getArgumentArray(), fields));
    for (String key : fields.fieldNames()) {
      // a field never overwrites the line's own keys
      json.put(json.containsKey(key) ? "field." + key : key, fields.getValue(key));
    }
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      json.put("exception", ThrowableProxyUtil.asString(thrown));
    }
    return json.encode() + "\n";
  }

  /** The template without its {@code key={}} parts; those go into {@code fields}. */
  static String message(String template, Object[] args, JsonObject fields) {
    if (template == null) {
      return "";
    }
    if (args == null || args.length == 0) {
      return template;
    }
    StringBuilder msg = new StringBuilder();
    int from = 0;
    int arg = 0;
    int at;
    while (arg < args.length && (at = template.indexOf("{}", from)) >= 0) {
      String before = template.substring(from, at);
      Matcher key = KEY_BEFORE.matcher(before);
      if (key.find()) {
        msg.append(before, 0, key.start());
        fields.put(key.group(1), value(args[arg]));
      } else {
        msg.append(before).append(args[arg]);
      }
      arg++;
      from = at + 2;
    }
    msg.append(template.substring(from));
    return msg.toString().strip();
  }

  private static Object value(Object arg) {
    if (arg == null || arg instanceof Number || arg instanceof Boolean) {
      return arg;
    }
    return String.valueOf(arg);
  }
}
