package dev.switchboard.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A small bench on embedded GreenMail, end to end: the JSON a script reads, with both scenarios, the ceiling and the
 * coordinators' notifications. The speed figures are not asserted (they are what the bench is for, not a test's).
 */
class BenchTest {
  @Test
  void aSmallRunWithCoordinatorsReportsBothScenariosTheCeilingAndTheNotifications() throws Exception {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    int backlog = 20;
    int liveRate = 10;
    new Bench(backlog, liveRate, 1, null, "keep", true, 2, new PrintStream(json, true, StandardCharsets.UTF_8)).run();

    JsonObject report = new JsonObject(json.toString(StandardCharsets.UTF_8));
    assertThat(report.getInteger("coordinators")).isEqualTo(2);
    JsonArray scenarios = report.getJsonArray("scenarios");
    assertThat(scenarios.size()).isEqualTo(2);
    assertThat(scenarios.getJsonObject(0).getInteger("mails")).isEqualTo(backlog);
    assertThat(scenarios.getJsonObject(1).getInteger("mails")).isEqualTo(liveRate);
    assertThat(scenarios.getJsonObject(1).getLong("p50Ms")).isNotNull();
    assertThat(scenarios.getJsonObject(0).getDouble("jitSeconds")).as("the service's code compiled at start-up")
        .isGreaterThan(0.0);
    assertThat(report.getJsonObject("ceiling").getInteger("messages")).isEqualTo(backlog);
    // every new request (16 in the backlog, every fifth mail being a reply, and the 10 live ones) and every reply
    // (4) is told to each of the two coordinators
    assertThat(report.getLong("notifications")).isEqualTo(2L * (16 + 10 + 4));
    assertThat(report.getLong("notificationsSent")).isBetween(0L, report.getLong("notifications"));
  }
}
