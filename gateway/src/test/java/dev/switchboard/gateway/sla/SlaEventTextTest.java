package dev.switchboard.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What the SLA mails say: the target, the due time in the desk's zone, how late or how soon. */
class SlaEventTextTest {
  private static final Instant DUE = Instant.parse("2026-12-04T09:30:00Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void aBreachSaysTheTargetTheLocalDueTimeAndHowLate() {
    assertThat(SlaEventHandler.describe(true, ResponseClock.FIRST_RESPONSE, DUE, DUE.plusSeconds(12 * 60), BERLIN))
        .isEqualTo("First response target missed: due Fri 2026-12-04 10:30 Europe/Berlin, 12 min late.");
    assertThat(SlaEventHandler.describe(true, "next-response", DUE, DUE.plus(Duration.ofMinutes(135)), BERLIN))
        .isEqualTo("Next response target missed: due Fri 2026-12-04 10:30 Europe/Berlin, 2 h 15 min late.");
    assertThat(SlaEventHandler.describe(true, ResponseClock.FIRST_RESPONSE, DUE, DUE, BERLIN)).endsWith("just now.");
  }

  @Test
  void aWarningSaysHowSoon() {
    assertThat(SlaEventHandler.describe(false, ResponseClock.FIRST_RESPONSE, DUE, DUE.minusSeconds(6 * 60),
        ZoneId.of("UTC"))).isEqualTo("First response due soon: due Fri 2026-12-04 09:30 UTC, in 6 min.");
    assertThat(SlaEventHandler.describe(false, ResponseClock.FIRST_RESPONSE, null, DUE, BERLIN))
        .isEqualTo("First response target close.");
  }
}
