package dev.switchboard.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.health.HealthRegistry;
import dev.switchboard.gateway.intake.IntakeOutcome;
import dev.switchboard.gateway.intake.IntakeOutcome.Kind;
import dev.switchboard.gateway.mail.SendResult.Outcome;
import dev.switchboard.store.OutboxMail;
import dev.switchboard.telephony.Disposition;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Metrics metrics = new Metrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

  private static IntakeOutcome outcome(Kind kind) {
    return new IntakeOutcome(1, 1, null, kind, false);
  }

  private static OutboxMail mail(long id, String kind) {
    return new OutboxMail(id, 1, 1L, null, kind, "m" + id + "@example.com", "support@example.com", null,
        List.of("jane@example.org"), List.of(), "Re: x", null, List.of(), null, "text", null, "pending", 0);
  }

  private double count(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void processedCountsEveryOutcomeAndQuarantinesSetAsideAndFailedOnly() {
    metrics.processed("support", List.of(outcome(Kind.NEW_TICKET), outcome(Kind.NEW_TICKET), outcome(Kind.DUPLICATE),
        outcome(Kind.SET_ASIDE), outcome(Kind.FAILED)));

    assertThat(count("switchboard.mail.processed", "mailbox", "support", "outcome", "new_ticket")).isEqualTo(2);
    assertThat(count("switchboard.mail.processed", "mailbox", "support", "outcome", "duplicate")).isEqualTo(1);
    assertThat(count("switchboard.mail.quarantined", "mailbox", "support")).isEqualTo(1);
    assertThat(registry.find("switchboard.mail.quarantined").counters()).hasSize(2);
    assertThat(registry.find("switchboard.mail.quarantined").tag("reason", "duplicate").counter()).isNull();
  }

  @Test
  void acknowledgmentLatencyRunsFromArrivalToAcceptanceForSentAcknowledgmentsOnly() {
    List<Long> looked = new ArrayList<>();
    metrics.lookUpArrivalsWith(ids -> {
      looked.addAll(ids);
      return Future.succeededFuture(Map.of(ids.get(0), NOW.minusSeconds(42)));
    });

    metrics.sendResult(mail(1, "acknowledgment"), Outcome.SENT);
    metrics.sendResult(mail(2, "acknowledgment"), Outcome.RETRY);
    metrics.sendResult(mail(3, "agent-reply"), Outcome.SENT);
    assertThat(looked).as("looked up at the next scrape, all at once").isEmpty();
    metrics.lookUpArrivals().await();

    Timer latency = registry.find("switchboard.acknowledgment.latency").timer();
    assertThat(looked).containsExactly(1L);
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(42.0);
    assertThat(count("switchboard.outbox.sends", "kind", "acknowledgment", "outcome", "sent")).isEqualTo(1);
    assertThat(count("switchboard.outbox.sends", "kind", "acknowledgment", "outcome", "retry")).isEqualTo(1);
    assertThat(count("switchboard.outbox.sends", "kind", "agent-reply", "outcome", "sent")).isEqualTo(1);
  }

  @Test
  void aFailedOrEmptyArrivalLookupLosesOnlyThatSample() {
    metrics.lookUpArrivalsWith(ids -> ids.contains(1L) ? Future.failedFuture("gone") : Future.succeededFuture(Map.of()));
    metrics.sendResult(mail(1, "acknowledgment"), Outcome.SENT);
    metrics.lookUpArrivals().await();
    metrics.sendResult(mail(2, "acknowledgment"), Outcome.SENT);
    metrics.lookUpArrivals().await();

    assertThat(registry.find("switchboard.acknowledgment.latency").timer().count()).isZero();
    assertThat(count("switchboard.outbox.sends", "outcome", "sent")).isEqualTo(2);
  }

  @Test
  void aFullBatchIsLookedUpWithoutWaitingForAScrape() {
    List<Integer> batches = new ArrayList<>();
    metrics.lookUpArrivalsWith(ids -> {
      batches.add(ids.size());
      return Future.succeededFuture(Map.of());
    });
    for (int id = 1; id <= Metrics.ARRIVAL_BATCH + 1; id++) {
      metrics.sendResult(mail(id, "acknowledgment"), Outcome.SENT);
    }
    assertThat(batches).containsExactly(Metrics.ARRIVAL_BATCH);
  }

  @Test
  void clockSkewNeverRecordsANegativeLatency() {
    metrics.acknowledged(NOW.plusSeconds(5), NOW);
    Timer latency = registry.find("switchboard.acknowledgment.latency").timer();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.totalTime(TimeUnit.SECONDS)).isZero();
  }

  @Test
  void lastSuccessfulPollIsTheClockInSecondsPerMailbox() {
    metrics.polled("support");
    assertThat(registry.find("switchboard.mailbox.last.success.timestamp").tag("mailbox", "support").gauge().value())
        .isEqualTo(NOW.getEpochSecond());
    assertThat(registry.find("switchboard.mailbox.last.success.timestamp").tag("mailbox", "sales").gauge()).isNull();
  }

  @Test
  void databaseFiguresBecomeGaugesInSeconds() {
    metrics.oldestUnprocessed("support", Duration.ofMillis(1500));
    metrics.outbox(7, Duration.ofMinutes(2));

    assertThat(registry.find("switchboard.mailbox.oldest.unprocessed.age").tag("mailbox", "support").gauge().value())
        .isEqualTo(1.5);
    assertThat(registry.find("switchboard.outbox.depth").gauge().value()).isEqualTo(7);
    assertThat(registry.find("switchboard.outbox.oldest.due.age").gauge().value()).isEqualTo(120);
  }

  @Test
  void healthComponentsBecomeUpGaugesThatFollowTheRegistry() {
    HealthRegistry health = new HealthRegistry();
    health.up("pbx:main", "connected");
    metrics.watchHealth(health);
    metrics.watchHealth(health);
    var gauge = registry.find("switchboard.component.up").tag("component", "pbx:main").gauge();
    assertThat(gauge.value()).isEqualTo(1);

    health.down("pbx:main", "connection lost");
    assertThat(gauge.value()).isZero();
    assertThat(registry.find("switchboard.component.up").gauges()).hasSize(1);
  }

  @Test
  void telephonyCountsEventsByTypeCallsByDispositionAndReconnects() {
    metrics.amiEvent("main", "HangupEvent");
    metrics.amiEvent("main", "HangupEvent");
    metrics.call("main", Disposition.ABANDONED);
    metrics.reconnected("main");

    assertThat(count("switchboard.ami.events", "pbx", "main", "type", "HangupEvent")).isEqualTo(2);
    assertThat(count("switchboard.calls", "pbx", "main", "disposition", "abandoned")).isEqualTo(1);
    assertThat(count("switchboard.ami.reconnects", "pbx", "main")).isEqualTo(1);
  }
}
