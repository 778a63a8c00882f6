package dev.switchboard.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Business-hours arithmetic against the golden table in {@code sla/business-time.txt}. */
class BusinessTimeGoldenTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Map<String, BusinessCalendar> CALENDARS = Map.of(
      "office", BusinessCalendar.of(BERLIN, List.of("mon-fri 08:00-17:00"), Set.of(LocalDate.parse("2026-04-03"),
          LocalDate.parse("2026-04-06"), LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25"))),
      "always", BusinessCalendar.of(BERLIN, List.of("24/7"), Set.of()),
      "split", BusinessCalendar.of(BERLIN, List.of("mon-fri 08:00-12:00", "mon-fri 13:00-17:00", "sat 9:00-12:00"),
          Set.of()),
      "night", BusinessCalendar.of(BERLIN, List.of("sun 01:00-04:00"), Set.of()));

  static Stream<Arguments> table() throws IOException {
    List<Arguments> rows = new ArrayList<>();
    try (InputStream in = BusinessTimeGoldenTest.class.getResourceAsStream("/sla/business-time.txt")) {
      int line = 0;
      for (String text : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        line++;
        if (!text.isBlank() && !text.startsWith("#")) {
          rows.add(Arguments.of(line, text.strip().split("\\s+")));
        }
      }
    }
    assertThat(rows).as("golden rows").hasSizeGreaterThan(20);
    return rows.stream();
  }

  @ParameterizedTest(name = "line {0}")
  @MethodSource("table")
  void matchesTheGoldenTable(int line, String[] row) {
    BusinessCalendar calendar = CALENDARS.get(row[1]);
    assertThat(calendar).as("calendar on line " + line).isNotNull();
    Instant start = local(row[2]);
    switch (row[0]) {
      case "add" -> {
        Instant due = calendar.addBusinessTime(start, Duration.parse(row[3]));
        assertThat(due.atZone(BERLIN).toLocalDateTime()).as("line %d: %s + %s on %s", line, row[2], row[3], row[1])
            .isEqualTo(LocalDateTime.parse(row[4]));
        if (!calendar.businessTimeBetween(start, due).isZero() || Duration.parse(row[3]).isZero()) {
          assertThat(calendar.businessTimeBetween(start, due)).as("line %d: round trip", line)
              .isEqualTo(Duration.parse(row[3]));
        }
      }
      case "between" -> assertThat(calendar.businessTimeBetween(start, local(row[3])))
          .as("line %d: %s .. %s on %s", line, row[2], row[3], row[1]).isEqualTo(Duration.parse(row[4]));
      default -> throw new AssertionError("line " + line + ": unknown operation " + row[0]);
    }
  }

  @Test
  void aBusinessDayIsTheLongestOpeningDay() {
    assertThat(CALENDARS.get("office").businessDay()).isEqualTo(Duration.ofHours(9));
    assertThat(CALENDARS.get("split").businessDay()).isEqualTo(Duration.ofHours(8));
    assertThat(CALENDARS.get("always").businessDay()).isEqualTo(Duration.ofHours(24));
    assertThat(CALENDARS.get("always").isAlwaysOpen()).isTrue();
    assertThat(CALENDARS.get("office").isAlwaysOpen()).isFalse();
  }

  @Test
  void badSpecsSayWhatIsWrong() {
    assertThatThrownBy(() -> BusinessCalendar.of(BERLIN, List.of("mon-fri 8-17"), Set.of()))
        .hasMessageContaining("'mon-fri 8-17' is not like 'mon-fri 08:00-17:00'");
    assertThatThrownBy(() -> BusinessCalendar.of(BERLIN, List.of("mon-fry 08:00-17:00"), Set.of()))
        .hasMessageContaining("names 'fry'");
    assertThatThrownBy(() -> BusinessCalendar.of(BERLIN, List.of("mon 17:00-08:00"), Set.of()))
        .hasMessageContaining("must end after they start");
    assertThatThrownBy(() -> BusinessCalendar.of(BERLIN, List.of("mon 08:00-12:00", "mon 11:00-13:00"), Set.of()))
        .hasMessageContaining("overlap");
    assertThatThrownBy(() -> BusinessCalendar.of(BERLIN, List.of(), Set.of()))
        .hasMessageContaining("at least one weekday");
  }

  private static Instant local(String s) {
    return LocalDateTime.parse(s).atZone(BERLIN).toInstant();
  }
}
