package dev.switchboard.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.store.NewTicket;
import dev.switchboard.store.ScheduleRepository;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketRepository;
import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a real PostgreSQL, time moved by hand: warning then one breach, nothing while waiting, a
 * failing handler retried alone, two schedulers never running an event twice.
 */
class SchedulerVerticleTest extends DatabaseTest {
  private static final SlaPolicy POLICY = SlaPolicy.defaults(BusinessCalendar.alwaysOpen(ZoneId.of("UTC")));
  private static final ResponseClock CLOCK = new ResponseClock(POLICY);

  private static SchedulerVerticle scheduler(ScheduledEventHandler handler) {
    return new SchedulerVerticle(pool, handler, Clock.systemUTC(), Duration.ofSeconds(1), 10);
  }

  private static Ticket ticket(String priority) {
    return new TicketRepository(pool)
        .create(new NewTicket(null, "VPN is down", "new", priority, null, "api", false, null)).await();
  }

  private static long events(long ticketId, String type) {
    return pool.preparedQuery("select count(*) from ticket_event where ticket_id = $1 and type = $2")
        .execute(Tuple.of(ticketId, type)).await().iterator().next().getLong(0);
  }

  @Test
  void warnsAtEightyPercentThenBreachesOnceAndFlagsTheTicket() {
    Ticket t = ticket("critical");
    Instant created = t.createdAt().toInstant();
    ResponseClock.Due due = pool.withTransaction(tx -> CLOCK.update(tx, t.id(), created)).await();
    assertThat(due.firstResponseDue()).isEqualTo(created.plus(Duration.ofMinutes(30)));
    Ticket stored = new TicketRepository(pool).find(t.id()).await();
    assertThat(stored.firstResponseDueAt().toInstant()).isEqualTo(created.plus(Duration.ofMinutes(30)));
    assertThat(new ScheduleRepository(pool).pending(t.id()).await()).extracting(ScheduledEvent::kind, ScheduledEvent::dueAt)
        .containsExactly(tuple(ScheduledEventKind.SLA_WARNING, created.plus(Duration.ofMinutes(24))),
            tuple(ScheduledEventKind.SLA_BREACH, created.plus(Duration.ofMinutes(30))));

    SchedulerVerticle scheduler = scheduler(new SlaEventHandler());
    assertThat(scheduler.runOnce(created.plus(Duration.ofMinutes(10))).await()).as("nothing due yet").isZero();
    assertThat(scheduler.runOnce(created.plus(Duration.ofMinutes(25))).await()).isEqualTo(1);
    assertThat(events(t.id(), "sla-warning")).isEqualTo(1);
    assertThat(new TicketRepository(pool).find(t.id()).await().needsAttention()).as("a warning does not flag").isFalse();
    assertThat(scheduler.runOnce(created.plus(Duration.ofMinutes(31))).await()).isEqualTo(1);
    assertThat(events(t.id(), "sla-breached")).isEqualTo(1);
    Ticket flagged = new TicketRepository(pool).find(t.id()).await();
    assertThat(flagged.needsAttention()).isTrue();
    assertThat(flagged.attentionReason()).isEqualTo("sla-breached: first-response");

    // recomputing later (say, a priority edit) schedules nothing that was already done
    pool.withTransaction(tx -> CLOCK.update(tx, t.id(), created.plus(Duration.ofHours(1)))).await();
    assertThat(scheduler.runOnce(created.plus(Duration.ofHours(2))).await()).isZero();
    assertThat(events(t.id(), "sla-breached")).isEqualTo(1);
  }

  @Test
  void aWaitingTicketDoesNotBreachAndAnAnsweredOneStopsTheClock() {
    Ticket waiting = ticket("high");
    Instant created = waiting.createdAt().toInstant();
    pool.withTransaction(tx -> CLOCK.update(tx, waiting.id(), created)).await();
    setStatus(waiting.id(), "new", "waiting", created.plusSeconds(300));
    ResponseClock.Due paused = pool.withTransaction(tx -> CLOCK.update(tx, waiting.id(), created.plusSeconds(300)))
        .await();
    assertThat(paused.firstResponseDue()).as("paused").isNull();
    assertThat(new ScheduleRepository(pool).pending(waiting.id()).await()).as("events cancelled").isEmpty();

    Ticket answered = ticket("high");
    pool.withTransaction(tx -> CLOCK.update(tx, answered.id(), created)).await();
    new TicketRepository(pool).markFirstResponse(answered.id()).await();
    // a stale breach left from before the answer (say the update raced) finds the target met and does nothing
    SchedulerVerticle scheduler = scheduler(new SlaEventHandler());
    assertThat(scheduler.runOnce(created.plus(Duration.ofHours(3))).await()).as("the answered ticket's two events")
        .isEqualTo(2);
    assertThat(events(waiting.id(), "sla-breached") + events(answered.id(), "sla-breached")).isZero();
    assertThat(events(answered.id(), "sla-warning")).isZero();

    setStatus(waiting.id(), "waiting", "open", created.plusSeconds(3600));
    ResponseClock.Due resumed = pool.withTransaction(tx -> CLOCK.update(tx, waiting.id(), created.plusSeconds(3600)))
        .await();
    assertThat(resumed.firstResponseDue()).as("5 of 60 minutes used before the pause")
        .isEqualTo(created.plusSeconds(3600 + 55 * 60));
  }

  @Test
  void aFailingHandlerIsRolledBackAloneAndRetriedLater() {
    Ticket a = ticket("normal");
    Ticket b = ticket("normal");
    Instant due = a.createdAt().toInstant();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    schedule.schedule(a.id(), ScheduledEventKind.WAITING_REMINDER, "", due).await();
    schedule.schedule(b.id(), ScheduledEventKind.WAITING_REMINDER, "", due).await();
    ScheduledEventHandler handler = (tx, event, now) -> new TicketEventRepository(tx)
        .append(event.ticketId(), "system", "reminded", new JsonObject())
        .compose(v -> event.ticketId() == a.id()
            ? Future.failedFuture(new IllegalStateException("template missing"))
            : Future.succeededFuture());
    SchedulerVerticle scheduler = scheduler(handler);
    assertThat(scheduler.runOnce(due).await()).isEqualTo(2);
    assertThat(events(a.id(), "reminded")).as("rolled back to the savepoint").isZero();
    assertThat(events(b.id(), "reminded")).isEqualTo(1);
    List<ScheduledEvent> left = schedule.pending(a.id()).await();
    assertThat(left).hasSize(1);
    assertThat(left.get(0).attempts()).isEqualTo(1);
    assertThat(scheduler.runOnce(due.plusSeconds(30)).await()).as("backs off a minute").isZero();
    assertThat(scheduler.runOnce(due.plusSeconds(61)).await()).isEqualTo(1);
    assertThat(SchedulerVerticle.backoff(10)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void anEventWithoutAHandlerWaitsForOne() {
    Ticket t = ticket("normal");
    Instant due = t.createdAt().toInstant();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    schedule.schedule(t.id(), ScheduledEventKind.HOLD_ENDS, "", due).await();
    assertThat(scheduler(SlaEventHandler.withOthers(Map.of())).runOnce(due).await()).isEqualTo(1);
    List<ScheduledEvent> left = schedule.pending(t.id()).await();
    assertThat(left).as("kept for a later handler").hasSize(1);
    assertThat(left.get(0).attempts()).isEqualTo(1);
    ScheduledEventHandler holdEnds = (tx, event, now) -> new TicketEventRepository(tx)
        .append(event.ticketId(), "system", "hold-ended", new JsonObject());
    scheduler(SlaEventHandler.withOthers(Map.of(ScheduledEventKind.HOLD_ENDS, holdEnds)))
        .runOnce(due.plus(Duration.ofMinutes(2))).await();
    assertThat(events(t.id(), "hold-ended")).isEqualTo(1);
    assertThat(schedule.pending(t.id()).await()).isEmpty();
  }

  @Test
  void twoSchedulersRunEachEventOnce() {
    Ticket t = ticket("normal");
    Instant due = t.createdAt().toInstant();
    ScheduleRepository schedule = new ScheduleRepository(pool);
    for (int i = 0; i < 30; i++) {
      schedule.schedule(t.id(), ScheduledEventKind.HOLD_ENDS, "n" + i, due).await();
    }
    ScheduledEventHandler handler = (tx, event, now) -> new TicketEventRepository(tx)
        .append(event.ticketId(), "system", "ran", new JsonObject().put("target", event.target()));
    SchedulerVerticle one = scheduler(handler);
    SchedulerVerticle two = scheduler(handler);
    List<Future<Integer>> runs = List.of(one.runOnce(due), two.runOnce(due), one.runOnce(due), two.runOnce(due));
    int claimed = 0;
    for (Future<Integer> r : runs) {
      claimed += r.await();
    }
    for (int more = one.runOnce(due).await(); more > 0; more = one.runOnce(due).await()) {
      claimed += more;
    }
    assertThat(events(t.id(), "ran")).isEqualTo(30);
    long distinct = pool.preparedQuery("select count(distinct detail->>'target') from ticket_event where type = 'ran'")
        .execute().await().iterator().next().getLong(0);
    assertThat(distinct).isEqualTo(30);
    assertThat(claimed).as("each event claimed by exactly one run").isEqualTo(30);
    assertThat(schedule.pending(t.id()).await()).isEmpty();
  }

  private static void setStatus(long ticketId, String from, String to, Instant at) {
    pool.preparedQuery("update ticket set status = $2 where id = $1").execute(Tuple.of(ticketId, to)).await();
    pool.preparedQuery("insert into ticket_event (ticket_id, at, actor, type, detail) values ($1, $2, 'api', "
            + "'status-changed', $3)")
        .execute(Tuple.of(ticketId, OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
            new JsonObject().put("from", from).put("to", to)))
        .await();
  }
}
