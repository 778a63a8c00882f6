package dev.switchboard.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The response clock over a status history: pauses while waiting or on hold, stands still when resolved. */
class SlaClockTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessCalendar OFFICE = BusinessCalendar.of(BERLIN, List.of("mon-fri 08:00-17:00"), Set.of());
  private static final SlaPolicy POLICY = SlaPolicy.defaults(OFFICE);
  private static final Instant FRIDAY_4PM = at("2026-03-27T16:00");

  @Test
  void runsInBusinessHoursWithoutPauses() {
    List<StatusChange> history = List.of(new StatusChange(FRIDAY_4PM, "new"));
    assertThat(POLICY.firstResponseDue("normal", FRIDAY_4PM, history)).contains(at("2026-03-30T11:00"));
    assertThat(POLICY.firstResponseDue("critical", FRIDAY_4PM, history)).contains(at("2026-03-27T16:30"));
    assertThat(POLICY.firstResponseDue("low", FRIDAY_4PM, history)).as("one business day = 9 h")
        .contains(at("2026-03-30T16:00"));
    assertThat(POLICY.firstResponseDue("urgent-custom", FRIDAY_4PM, history)).as("unknown priority uses normal")
        .contains(at("2026-03-30T11:00"));
    assertThat(POLICY.warningDue(FRIDAY_4PM, Duration.ofHours(4), history)).as("80 %% of 4 h = 3 h 12 min")
        .contains(at("2026-03-30T10:12"));
  }

  @Test
  void waitingPausesAndResumesWhereItStopped() {
    List<StatusChange> history = List.of(
        new StatusChange(FRIDAY_4PM, "new"),
        new StatusChange(at("2026-03-27T16:30"), "waiting"),
        new StatusChange(at("2026-03-30T10:00"), "open"));
    assertThat(POLICY.firstResponseDue("normal", FRIDAY_4PM, history)).as("30 min used, 3.5 h from Monday 10:00")
        .contains(at("2026-03-30T13:30"));
    assertThat(POLICY.clock().elapsed(FRIDAY_4PM, at("2026-03-30T12:00"), history)).isEqualTo(Duration.ofMinutes(150));
  }

  @Test
  void standsStillWhileWaitingOnHoldOrResolved() {
    for (String status : List.of("waiting", "on hold", "resolved")) {
      List<StatusChange> history =
          List.of(new StatusChange(FRIDAY_4PM, "new"), new StatusChange(at("2026-03-27T16:10"), status));
      assertThat(POLICY.firstResponseDue("normal", FRIDAY_4PM, history)).as(status).isEqualTo(Optional.empty());
      assertThat(POLICY.clock().elapsed(FRIDAY_4PM, at("2026-04-10T12:00"), history)).as(status)
          .isEqualTo(Duration.ofMinutes(10));
    }
  }

  @Test
  void aTargetUsedUpBeforeAPauseStaysDue() {
    List<StatusChange> history = List.of(
        new StatusChange(FRIDAY_4PM, "new"), new StatusChange(at("2026-03-30T10:00"), "on hold"));
    assertThat(POLICY.firstResponseDue("critical", FRIDAY_4PM, history)).contains(at("2026-03-27T16:30"));
  }

  @Test
  void aClockStartedWhilePausedWaitsForTheTicketToRun() {
    List<StatusChange> history = List.of(
        new StatusChange(at("2026-03-27T09:00"), "waiting"), new StatusChange(at("2026-03-30T08:00"), "open"));
    assertThat(POLICY.nextResponseDue("high", FRIDAY_4PM, history)).contains(at("2026-03-30T09:00"));
  }

  private static Instant at(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant();
  }
}
