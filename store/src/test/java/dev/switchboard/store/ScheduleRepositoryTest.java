package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Scheduled events against a real PostgreSQL: idempotent scheduling, claiming with SKIP LOCKED, done in the claim. */
class ScheduleRepositoryTest extends DatabaseTest {
  private static final Instant T0 = Instant.parse("2026-03-30T08:00:00Z");

  private long ticket() {
    return new TicketRepository(pool)
        .create(new NewTicket(null, "Printer on fire", "new", "normal", null, "api", false, null))
        .await()
        .id();
  }

  @Test
  void schedulingIsIdempotentAndOnlyDueEventsAreClaimedOldestFirst() {
    long t = ticket();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    assertThat(schedule.schedule(t, ScheduledEventKind.SLA_BREACH, "first-response", T0.plusSeconds(60)).await()).isTrue();
    assertThat(schedule.schedule(t, ScheduledEventKind.SLA_BREACH, "first-response", T0.plusSeconds(60)).await())
        .as("same ticket, kind, target and due time").isFalse();
    assertThat(schedule.schedule(t, ScheduledEventKind.SLA_WARNING, "first-response", T0).await()).isTrue();
    assertThat(schedule.schedule(t, ScheduledEventKind.HOLD_ENDS, null, T0.plus(Duration.ofDays(3))).await()).isTrue();

    List<ScheduledEvent> due = pool.withTransaction(tx -> new ScheduleRepository(tx).claimDue(T0.plusSeconds(60), 10))
        .await();
    assertThat(due).extracting(ScheduledEvent::kind)
        .containsExactly(ScheduledEventKind.SLA_WARNING, ScheduledEventKind.SLA_BREACH);
    assertThat(due.get(1).target()).isEqualTo("first-response");
    assertThat(due.get(1).dueAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(schedule.pending(t).await()).as("claimed but not marked done: still pending").hasSize(3);

    pool.withTransaction(tx -> new ScheduleRepository(tx).claimDue(T0.plusSeconds(60), 10)
        .compose(events -> Future.all(events.stream()
            .map(e -> new ScheduleRepository(tx).markDone(e.id(), T0.plusSeconds(61))).toList()))).await();
    assertThat(schedule.pending(t).await()).extracting(ScheduledEvent::kind)
        .containsExactly(ScheduledEventKind.HOLD_ENDS);
    assertThat(schedule.schedule(t, ScheduledEventKind.SLA_BREACH, "first-response", T0.plusSeconds(60)).await())
        .as("a done event is not scheduled again").isFalse();
  }

  @Test
  void aRolledBackClaimLeavesTheEventDue() {
    long t = ticket();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    schedule.schedule(t, ScheduledEventKind.SLA_BREACH, "first-response", T0).await();
    Future<Void> crashed = pool.withTransaction(tx -> new ScheduleRepository(tx).claimDue(T0, 10)
        .compose(events -> new ScheduleRepository(tx).markDone(events.get(0).id(), T0))
        .compose(v -> Future.<Void>failedFuture(new IllegalStateException("crash before commit"))));
    assertThatThrownBy(crashed::await).hasMessageContaining("crash before commit");
    assertThat(schedule.pending(t).await()).hasSize(1);
  }

  @Test
  void retriesLaterKeepTheDueTimeAndCancelEndsPendingEvents() {
    long t = ticket();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    schedule.schedule(t, ScheduledEventKind.SLA_BREACH, "first-response", T0).await();
    schedule.schedule(t, ScheduledEventKind.SLA_WARNING, "next-response", T0).await();
    long id = schedule.pending(t).await().get(0).id();
    schedule.retryLater(id, T0.plusSeconds(300), "smtp down").await();
    List<ScheduledEvent> due = pool.withTransaction(tx -> new ScheduleRepository(tx).claimDue(T0.plusSeconds(60), 10))
        .await();
    assertThat(due).extracting(ScheduledEvent::target).containsExactly("next-response");
    List<ScheduledEvent> later = pool.withTransaction(tx -> new ScheduleRepository(tx).claimDue(T0.plusSeconds(300), 10))
        .await();
    assertThat(later).hasSize(2);
    assertThat(later).filteredOn(e -> e.id() == id).extracting(ScheduledEvent::dueAt, ScheduledEvent::attempts)
        .containsExactly(tuple(T0, 1));

    assertThat(schedule.cancel(t, null, "first-response", T0).await()).isEqualTo(1);
    assertThat(schedule.pending(t).await()).extracting(ScheduledEvent::target).containsExactly("next-response");
  }

  @Test
  void twoConcurrentClaimersNeverGetTheSameRow() throws Exception {
    long t = ticket();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    for (int i = 0; i < 40; i++) {
      schedule.schedule(t, ScheduledEventKind.SLA_WARNING, "target-" + i, T0).await();
    }
    // each claimer holds its transaction open until both have claimed, so the second one must skip the first's rows
    SqlConnection a = pool.getConnection().await();
    SqlConnection b = pool.getConnection().await();
    try {
      var txA = a.begin().await();
      var txB = b.begin().await();
      List<ScheduledEvent> first = new ScheduleRepository(a).claimDue(T0, 25).await();
      List<ScheduledEvent> second = new ScheduleRepository(b).claimDue(T0, 25).await();
      assertThat(first).hasSize(25);
      assertThat(second).as("only what the first left").hasSize(15);
      Set<Long> ids = new HashSet<>();
      first.forEach(e -> ids.add(e.id()));
      second.forEach(e -> assertThat(ids.add(e.id())).as("event %d claimed twice", e.id()).isTrue());
      for (ScheduledEvent e : first) {
        new ScheduleRepository(a).markDone(e.id(), T0).await();
      }
      for (ScheduledEvent e : second) {
        new ScheduleRepository(b).markDone(e.id(), T0).await();
      }
      txA.commit().await();
      txB.commit().await();
    } finally {
      a.close().await();
      b.close().await();
    }

    // and the same with claimers racing, each claiming and marking done in one transaction
    List<Future<List<Long>>> racers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      schedule.schedule(t, ScheduledEventKind.SLA_BREACH, "target-" + i, T0).await();
    }
    for (int r = 0; r < 4; r++) {
      racers.add(pool.withTransaction(tx -> new ScheduleRepository(tx).claimDue(T0, 40)
          .compose(events -> Future.all(events.stream()
                  .map(e -> new ScheduleRepository(tx).markDone(e.id(), T0)).toList())
              .map(v -> events.stream().map(ScheduledEvent::id).toList()))));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : racers) {
      all.addAll(f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    assertThat(all).as("every breach event handled once").hasSize(40).doesNotHaveDuplicates();
    assertThat(schedule.pending(t).await()).isEmpty();
  }

  @Test
  void rescheduleAllMakesEachTicketsPendingEventsExactlyTheWantedOnes() {
    long a = ticket();
    long b = ticket();
    long untouched = ticket();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    schedule.schedule(a, ScheduledEventKind.SLA_BREACH, "first-response", T0).await();
    schedule.schedule(b, ScheduledEventKind.SLA_BREACH, "first-response", T0).await();
    schedule.schedule(b, ScheduledEventKind.HOLD_ENDS, null, T0).await();
    schedule.schedule(untouched, ScheduledEventKind.SLA_BREACH, "first-response", T0).await();
    List<ScheduledEventKind> sla = List.of(ScheduledEventKind.SLA_WARNING, ScheduledEventKind.SLA_BREACH);

    schedule.rescheduleAll(List.of(a, b), sla, List.of(
        new ScheduledEvent(0, a, ScheduledEventKind.SLA_BREACH, "first-response", T0, 0),
        new ScheduledEvent(0, a, ScheduledEventKind.SLA_WARNING, "first-response", T0.minusSeconds(60), 0),
        new ScheduledEvent(0, b, ScheduledEventKind.SLA_BREACH, "next-response:x", T0.plusSeconds(60), 0)),
        T0).await();

    assertThat(schedule.pending(a).await()).as("kept, and the new warning added")
        .extracting(ScheduledEvent::kind, ScheduledEvent::target, ScheduledEvent::dueAt)
        .containsExactly(tuple(ScheduledEventKind.SLA_WARNING, "first-response", T0.minusSeconds(60)),
            tuple(ScheduledEventKind.SLA_BREACH, "first-response", T0));
    assertThat(schedule.pending(b).await()).as("the old target cancelled, other kinds left alone")
        .extracting(ScheduledEvent::kind, ScheduledEvent::target)
        .containsExactlyInAnyOrder(tuple(ScheduledEventKind.HOLD_ENDS, ""),
            tuple(ScheduledEventKind.SLA_BREACH, "next-response:x"));
    assertThat(schedule.pending(untouched).await()).as("a ticket not named keeps its events").hasSize(1);

    schedule.rescheduleAll(List.of(a), sla, List.of(), T0).await();
    assertThat(schedule.pending(a).await()).as("nothing wanted: all SLA events cancelled").isEmpty();
  }
}
