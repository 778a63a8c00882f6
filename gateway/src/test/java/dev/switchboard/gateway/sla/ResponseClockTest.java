package dev.switchboard.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.store.ClockFacts;
import dev.switchboard.store.ClockFacts.StatusAt;
import dev.switchboard.store.ScheduledEvent;
import dev.switchboard.store.ScheduledEventKind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which clock runs for a ticket, and which warning and breach events it wants; pure, no database. */
class ResponseClockTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ResponseClock CLOCK = new ResponseClock(
      SlaPolicy.defaults(BusinessCalendar.of(BERLIN, List.of("mon-fri 08:00-17:00"), Set.of())));
  private static final Instant CREATED = at("2026-03-30T09:00");

  private static ClockFacts facts(Instant firstResponse, Instant lastCustomer, Instant lastReply, String... statuses) {
    List<StatusAt> history = new ArrayList<>();
    history.add(new StatusAt(CREATED, "new"));
    for (int i = 0; i + 1 < statuses.length; i += 2) {
      history.add(new StatusAt(at(statuses[i]), statuses[i + 1]));
    }
    return new ClockFacts(7, history.get(history.size() - 1).status(), "normal", CREATED, firstResponse, lastCustomer,
        lastReply, history);
  }

  @Test
  void unansweredTicketWantsAWarningAndABreachForTheFirstResponse() {
    ResponseClock.Due due = CLOCK.due(facts(null, CREATED, null));
    assertThat(due.firstResponseDue()).isEqualTo(at("2026-03-30T13:00"));
    assertThat(due.nextResponseDue()).isNull();
    assertThat(due.events()).extracting(ScheduledEvent::kind, ScheduledEvent::target, ScheduledEvent::dueAt)
        .containsExactly(
            tuple(ScheduledEventKind.SLA_WARNING, "first-response", at("2026-03-30T12:12")),
            tuple(ScheduledEventKind.SLA_BREACH, "first-response", at("2026-03-30T13:00")));
  }

  @Test
  void aRequesterReplyAfterTheAnswerStartsTheNextResponseClock() {
    Instant answered = at("2026-03-30T10:00");
    Instant replied = at("2026-03-30T16:00");
    ResponseClock.Due due = CLOCK.due(facts(answered, replied, answered));
    assertThat(due.firstResponseDue()).isNull();
    assertThat(due.nextResponseDue()).as("1 h on Monday, 3 h on Tuesday").isEqualTo(at("2026-03-31T11:00"));
    assertThat(due.events()).extracting(ScheduledEvent::target).containsOnly("next-response:" + replied);

    assertThat(CLOCK.due(facts(answered, replied, at("2026-03-30T16:30"))).events())
        .as("answered again: no clock").isEmpty();
    assertThat(CLOCK.due(facts(answered, at("2026-03-30T09:30"), null)).nextResponseDue())
        .as("the requester's mail before the first answer is the first response's business").isNull();
  }

  @Test
  void waitingOrResolvedTicketsHaveNoDueTimes() {
    assertThat(CLOCK.due(facts(null, CREATED, null, "2026-03-30T09:10", "waiting")).events()).isEmpty();
    assertThat(CLOCK.due(facts(null, CREATED, null, "2026-03-30T09:10", "resolved")).firstResponseDue()).isNull();
    assertThat(CLOCK.due(facts(null, CREATED, null, "2026-03-30T09:10", "on hold", "2026-03-31T09:00", "open"))
        .firstResponseDue()).as("10 min before the hold, 3 h 50 min after").isEqualTo(at("2026-03-31T12:50"));
  }

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }

  @Test
  void aTicketOpenedByMachineMailHasNoTargetUntilAPersonWrites() {
    ClockFacts machine = new ClockFacts(7, "new", "normal", CREATED, null, null, null,
        List.of(new StatusAt(CREATED, "new")), true, null);
    ResponseClock.Due none = CLOCK.due(machine);
    assertThat(none.firstResponseDue()).isNull();
    assertThat(none.events()).isEmpty();

    Instant wrote = at("2026-03-31T10:00");
    ClockFacts answeredByAPerson = new ClockFacts(7, "new", "normal", CREATED, null, wrote, null,
        List.of(new StatusAt(CREATED, "new")), true, wrote);
    assertThat(CLOCK.due(answeredByAPerson).firstResponseDue()).as("four business hours from the person's mail")
        .isEqualTo(at("2026-03-31T14:00"));
  }
}
