package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.parser.ParserLimits;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsOptionsTest {
  private static LimitsOptions read(JsonObject json) {
    return LimitsOptions.from(new ConfigNode("limits", json, Map.of("MAX", "2MB")));
  }

  @Test
  void missingSectionGivesTheParserDefaults() {
    assertThat(read(new JsonObject()).parserLimits()).isEqualTo(ParserLimits.DEFAULTS);
  }

  @Test
  void sizesTakeUnitsInPowersOf1024AndEnvironmentReferences() {
    LimitsOptions o = read(new JsonObject()
        .put("maxAttachmentBytes", "25MB")
        .put("maxAttachments", 10)
        .put("inMemoryThresholdBytes", "${MAX}"));
    assertThat(o.maxAttachmentBytes()).isEqualTo(25L * 1024 * 1024);
    assertThat(o.maxAttachments()).isEqualTo(10);
    assertThat(o.inMemoryThresholdBytes()).isEqualTo(2 * 1024 * 1024);
    assertThat(read(new JsonObject().put("maxAttachmentBytes", 4096)).maxAttachmentBytes()).isEqualTo(4096);
    assertThat(read(new JsonObject().put("maxAttachmentBytes", "512 KiB")).maxAttachmentBytes()).isEqualTo(512 * 1024);
  }

  @Test
  void roundTripsThroughJson() {
    LimitsOptions o = read(new JsonObject().put("maxAttachmentBytes", "1GB").put("maxHeaderCount", 50));
    assertThat(read(o.toJson())).isEqualTo(o);
  }

  @Test
  void badValuesAndUnknownKeysNameTheKey() {
    assertThatThrownBy(() -> read(new JsonObject().put("maxAttachmentBytes", "lots")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits.maxAttachmentBytes");
    assertThatThrownBy(() -> read(new JsonObject().put("maxAttachmentBytes", "2GB")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits.maxAttachmentBytes")
        .hasMessageContaining("at most");
    assertThatThrownBy(() -> read(new JsonObject().put("maxAttachmentSize", "2MB")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("limits.maxAttachmentSize")
        .hasMessageContaining("unknown key");
  }
}
