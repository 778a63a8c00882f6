package dev.switchboard.gateway.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The service's log line: the text pattern, or with {@code format} {@code json} one JSON object per line
 * ({@link JsonLines}). logback.xml sets {@code format} from {@code SWITCHBOARD_LOG_FORMAT}; deciding here rather than
 * by picking an appender means a mistyped value still logs (as text, with a warning) instead of logging nothing.
 */
public final class LogLineEncoder extends EncoderBase<ILoggingEvent> {
  private String format = "text";
  private String pattern;
  private boolean json;
  private PatternLayoutEncoder text;

  public void setFormat(String format) {
    this.format = format;
  }

  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    String f = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT);
    json = f.equals("json");
    if (!json && !f.equals("text") && !f.isEmpty()) {
      addWarn("unknown log format '" + format + "' (SWITCHBOARD_LOG_FORMAT): text or json; using text");
    }
    text = new PatternLayoutEncoder();
    text.setContext(getContext());
    text.setPattern(pattern);
    text.start();
    super.start();
  }

  @Override
  public void stop() {
    text.stop();
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return json ? JsonLines.line(event).getBytes(StandardCharsets.UTF_8) : text.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}
