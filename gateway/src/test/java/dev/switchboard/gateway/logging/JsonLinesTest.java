package dev.switchboard.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class JsonLinesTest {
  private static final Logger LOGGER = (Logger) LoggerFactory.getLogger("dev.switchboard.gateway.mail.Example");

  private static JsonObject line(String template, Throwable thrown, Object... args) {
    String text = JsonLines.line(new LoggingEvent(JsonLinesTest.class.getName(), LOGGER, Level.WARN, template, thrown, args));
    assertThat(text).endsWith("\n").doesNotContain("\n{");
    return new JsonObject(text);
  }

  @Test
  void keyValueFieldsBecomeJsonFieldsAndTheConstantTextIsTheMessage() {
    JsonObject json = line("mail deferred outboxId={} attempt={} next={} error={}", null, 42L, 2, "soon", "451 busy");

    assertThat(json.getString("msg")).isEqualTo("mail deferred");
    assertThat(json.getLong("outboxId")).isEqualTo(42L);
    assertThat(json.getValue("attempt")).isEqualTo(2);
    assertThat(json.getString("next")).isEqualTo("soon");
    assertThat(json.getString("error")).isEqualTo("451 busy");
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("logger")).isEqualTo("dev.switchboard.gateway.mail.Example");
    assertThat(json.getString("time")).endsWith("Z");
  }

  @Test
  void aPlaceholderWithoutKeyIsFilledInAndTrailingTextKept() {
    JsonObject json = line("pbx {} pbx={} host={}", null, "reconnected", "main", "pbx.local:5038");
    assertThat(json.getString("msg")).isEqualTo("pbx reconnected");
    assertThat(json.getString("pbx")).isEqualTo("main");

    JsonObject trailing = line("pbx event skipped, malformed pbx={} type={} (logged once per type)", null, "main", "X");
    assertThat(trailing.getString("msg")).isEqualTo("pbx event skipped, malformed (logged once per type)");
    assertThat(trailing.getString("type")).isEqualTo("X");
  }

  @Test
  void aFieldNeverOverwritesTheLinesOwnKeysAndExceptionsAreKept() {
    JsonObject json = line("odd level={}", new IllegalStateException("boom"), "x");
    assertThat(json.getString("level")).isEqualTo("WARN");
    assertThat(json.getString("field.level")).isEqualTo("x");
    assertThat(json.getString("exception")).contains("IllegalStateException: boom");
  }

  @Test
  void aMessageWithoutArgumentsIsKeptAsIs() {
    assertThat(line("switchboard stopped", null).getString("msg")).isEqualTo("switchboard stopped");
  }
}
