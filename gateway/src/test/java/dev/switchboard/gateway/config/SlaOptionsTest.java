package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.sla.SlaPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlaOptionsTest {
  private static final List<String> PRIORITIES = TicketOptions.DEFAULT_PRIORITIES;

  private static SlaOptions read(JsonObject json) {
    return SlaOptions.from(new ConfigNode("sla", json, Map.of()), PRIORITIES);
  }

  @Test
  void withoutASectionTheClockRunsAroundTheClockWithTheIssuesTargets() {
    SlaOptions o = read(new JsonObject());
    assertThat(o).isEqualTo(SlaOptions.DEFAULTS);
    assertThat(o.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(o.firstResponse()).containsEntry("critical", Duration.ofMinutes(30))
        .containsEntry("high", Duration.ofHours(1)).containsEntry("normal", Duration.ofHours(4))
        .containsEntry("low", Duration.ofHours(24));
    assertThat(o.nextResponse()).isEqualTo(o.firstResponse());
    assertThat(o.warnAtPercent()).isEqualTo(80);
    assertThat(o.policy().clock().calendar().isAlwaysOpen()).isTrue();
  }

  @Test
  void readsCalendarTargetsAndABusinessDay() {
    SlaOptions o = read(new JsonObject()
        .put("timeZone", "Europe/Berlin")
        .put("hours", "mon-fri 08:00-17:00")
        .put("holidays", new JsonArray().add("2026-12-25").add("2026-12-24"))
        .put("firstResponse", new JsonObject().put("critical", "15m").put("normal", "1h30m"))
        .put("nextResponse", new JsonObject().put("normal", "2d"))
        .put("warnAtPercent", 75));
    assertThat(o.holidays()).containsExactly(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"));
    assertThat(o.firstResponse()).containsEntry("critical", Duration.ofMinutes(15))
        .containsEntry("normal", Duration.ofMinutes(90))
        .as("low defaults to one business day of this calendar").containsEntry("low", Duration.ofHours(9));
    assertThat(o.nextResponse()).containsEntry("normal", Duration.ofHours(18));
    SlaPolicy policy = o.policy();
    assertThat(policy.warnAtPercent()).isEqualTo(75);
    Instant christmasEve = LocalDate.parse("2026-12-24").atTime(10, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant();
    assertThat(policy.firstResponseDue("critical", christmasEve, List.of()))
        .contains(LocalDate.parse("2026-12-28").atTime(8, 15).atZone(ZoneId.of("Europe/Berlin")).toInstant());
  }

  @Test
  void roundTripsThroughJson() {
    SlaOptions o = read(new JsonObject().put("timeZone", "Europe/Berlin").put("hours", new JsonArray()
        .add("mon-fri 08:00-12:00").add("mon-fri 13:00-17:00")).put("holidays", "2026-04-03")
        .put("firstResponse", new JsonObject().put("low", "2d"))
        .put("escalateTo", new JsonArray().add(" Lead@Example.com")));
    assertThat(o.escalateTo()).containsExactly("lead@example.com");
    assertThat(read(o.toJson())).isEqualTo(o);
  }

  @Test
  void errorsNameTheKey() {
    assertThatThrownBy(() -> read(new JsonObject().put("timeZone", "Mars/Olympus")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.timeZone'");
    assertThatThrownBy(() -> read(new JsonObject().put("hours", "weekdays 8 to 5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.hours'")
        .hasMessageContaining("'weekdays 8 to 5' is not like");
    assertThatThrownBy(() -> read(new JsonObject().put("holidays", "25.12.2026")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.holidays'");
    assertThatThrownBy(() -> read(new JsonObject().put("firstResponse", new JsonObject().put("high", "an hour"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.firstResponse.high'");
    assertThatThrownBy(() -> read(new JsonObject().put("firstResponse", new JsonObject().put("urgent", "1h"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.firstResponse.urgent': unknown key");
    assertThatThrownBy(() -> read(new JsonObject().put("nextResponse", new JsonObject().put("low", "0m"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.nextResponse.low'");
    assertThatThrownBy(() -> read(new JsonObject().put("warnAtPercent", 100)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.warnAtPercent'");
    assertThatThrownBy(() -> read(new JsonObject().put("escalateTo", "team lead")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'sla.escalateTo'");
  }
}
