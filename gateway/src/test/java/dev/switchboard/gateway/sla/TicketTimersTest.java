package dev.switchboard.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.sla.TicketTimers.Action;
import dev.switchboard.store.ScheduledEventKind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What a due timer does to a ticket, given the status it has by then; when a hold ends. */
class TicketTimersTest {
  @Test
  void aDueEventActsOnlyWhileTheTicketIsStillInTheStatusThatScheduledIt() {
    assertThat(TicketTimers.onDue(ScheduledEventKind.HOLD_ENDS, "on hold")).isEqualTo(Action.REOPEN);
    assertThat(TicketTimers.onDue(ScheduledEventKind.HOLD_ENDS, "open")).isEqualTo(Action.NOTHING);
    assertThat(TicketTimers.onDue(ScheduledEventKind.HOLD_ENDS, "resolved")).isEqualTo(Action.NOTHING);
    assertThat(TicketTimers.onDue(ScheduledEventKind.WAITING_REMINDER, "waiting")).isEqualTo(Action.REMIND);
    assertThat(TicketTimers.onDue(ScheduledEventKind.WAITING_REMINDER, "open")).isEqualTo(Action.NOTHING);
    assertThat(TicketTimers.onDue(ScheduledEventKind.AUTO_RESOLVE, "waiting")).isEqualTo(Action.RESOLVE);
    assertThat(TicketTimers.onDue(ScheduledEventKind.AUTO_RESOLVE, "on hold")).isEqualTo(Action.NOTHING);
    assertThat(TicketTimers.onDue(ScheduledEventKind.SLA_BREACH, "on hold")).isEqualTo(Action.NOTHING);
  }

  @Test
  void aMailFromTheRequesterSinceTheTimerStartedRestartsTheCount() {
    Instant since = Instant.parse("2026-12-04T10:00:00Z");
    assertThat(TicketTimers.since(TicketTimers.waitingTarget(since))).isEqualTo(since);
    assertThat(TicketTimers.since("")).isNull();
    assertThat(TicketTimers.onDue(ScheduledEventKind.WAITING_REMINDER, "waiting", since, since.plusSeconds(5)))
        .isEqualTo(Action.RESTART);
    assertThat(TicketTimers.onDue(ScheduledEventKind.AUTO_RESOLVE, "waiting", since, since.plusSeconds(5)))
        .isEqualTo(Action.RESTART);
    assertThat(TicketTimers.onDue(ScheduledEventKind.WAITING_REMINDER, "waiting", since, since.minusSeconds(5)))
        .isEqualTo(Action.REMIND);
    assertThat(TicketTimers.onDue(ScheduledEventKind.AUTO_RESOLVE, "waiting", since, null)).isEqualTo(Action.RESOLVE);
    assertThat(TicketTimers.onDue(ScheduledEventKind.WAITING_REMINDER, "open", since, since.plusSeconds(5)))
        .isEqualTo(Action.NOTHING);
    assertThat(TicketTimers.onDue(ScheduledEventKind.HOLD_ENDS, "on hold", since, since.plusSeconds(5)))
        .as("a hold ends on its date, mail or not").isEqualTo(Action.REOPEN);
  }

  @Test
  void aHoldEndsAtTheStartOfItsDayInTheDesksZone() {
    assertThat(TicketTimers.holdEnds(LocalDate.of(2026, 12, 10), ZoneId.of("Europe/Berlin")))
        .isEqualTo(Instant.parse("2026-12-09T23:00:00Z"));
    assertThat(TicketTimers.holdEnds(LocalDate.of(2026, 7, 10), ZoneId.of("Europe/Berlin")))
        .as("summer time").isEqualTo(Instant.parse("2026-07-09T22:00:00Z"));
    // Santiago's clocks jumped from 00:00 to 01:00 on 2026-09-06: the day starts at 01:00
    assertThat(TicketTimers.holdEnds(LocalDate.of(2026, 9, 6), ZoneId.of("America/Santiago")))
        .isEqualTo(Instant.parse("2026-09-06T04:00:00Z"));
  }
}
