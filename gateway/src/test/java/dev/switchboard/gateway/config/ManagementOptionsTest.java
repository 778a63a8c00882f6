package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementOptionsTest {
  private static final String TOKEN = "scrape-T0ken-value";

  @Test
  void offWithoutTheSectionAndOnLoopbackPort9464WithIt() {
    assertThat(SwitchboardConfig.fromJson(new JsonObject(), Map.of()).management().enabled()).isFalse();

    ManagementOptions on =
        SwitchboardConfig.fromJson(new JsonObject().put("management", new JsonObject()), Map.of()).management();
    assertThat(on).isEqualTo(new ManagementOptions(true, "127.0.0.1", 9464, null));
  }

  @Test
  void tokenComesFromTheEnvironmentAndNeverPrints() {
    JsonObject json = new JsonObject().put("management", new JsonObject().put("port", 0).put("token", "${METRICS_TOKEN}"));
    SwitchboardConfig config = SwitchboardConfig.fromJson(json, Map.of("METRICS_TOKEN", TOKEN));

    assertThat(config.management().token()).isEqualTo(TOKEN);
    assertThat(config.management().toString()).contains("token=***").doesNotContain(TOKEN);
    assertThat(config.toString()).doesNotContain(TOKEN);
    assertThat(SwitchboardConfig.fromJson(config.toJson(), Map.of())).isEqualTo(config);
  }

  @Test
  void badPortNamesTheKey() {
    JsonObject json = new JsonObject().put("management", new JsonObject().put("port", 70000));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(json, Map.of())).hasMessageContaining("management.port");
  }
}
