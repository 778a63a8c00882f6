package dev.switchboard.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.switchboard.gateway.intake.SubjectTag;
import dev.switchboard.store.DigestTicket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The daily digest's text against {@code notify/*.expected}. A missing golden file is written from the output and the
 * test fails, so a new case is added by running it once and reviewing the file.
 */
class DigestGoldenTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant NOW = Instant.parse("2026-12-07T07:00:00Z"); // Mon 08:00 in Berlin
  private static final SubjectTag TAG = new SubjectTag("[#{number}]");

  private static Instant ago(String duration) {
    return NOW.minus(Duration.parse(duration));
  }

  private static DigestTicket ticket(
      long number, String subject, String status, String priority, String assignee, Instant created,
      Instant lastActivity, Instant firstResponse, Instant due, String flag, boolean holdDated, boolean missedCall) {
    return new DigestTicket(number, subject, status, priority, assignee, created, lastActivity, firstResponse, due,
        flag, holdDated, missedCall);
  }

  private static Digest.Facts facts(List<DigestTicket> tickets) {
    return new Digest.Facts("alice@corp.example", "Example IT", LocalDate.of(2026, 12, 7), BERLIN, NOW,
        Duration.ofHours(8), Duration.ofHours(24), tickets);
  }

  @Test
  void everySectionOnceWithTicketTagsOldestFirst() throws IOException {
    List<DigestTicket> tickets = List.of(
        ticket(1004, "VPN drops every hour", "open", "high", null, ago("PT20H"), ago("PT20H"), null,
            NOW.plus(Duration.ofHours(3)), null, false, false),
        ticket(1001, "Printer on fire", "new", "critical", "alice", ago("P3DT2H"), ago("P3D"), null,
            ago("PT66H"), "the acknowledgment to jane@example.org could not be delivered", false, false),
        ticket(1002, "New laptop for Sam", "waiting", "normal", null, ago("P5D"), ago("P2D"),
            ago("P4D"), null, null, false, false),
        ticket(1003, "Licence renewal", "on hold", "low", null, ago("P10D"), ago("P6D"), ago("P9D"), null, null,
            false, false),
        ticket(1006, "Server room door", "on hold", "normal", null, ago("P8D"), ago("P1D"), ago("P7D"), null, null,
            true, false),
        ticket(1005, "Call back +49 30 901820 (Lena Fischer)", "new", "normal", null, ago("PT14H"), ago("PT14H"),
            null, ago("PT10H"), null, false, true),
        ticket(1007, "Answered and quiet", "open", "normal", "bob", ago("PT2H"), ago("PT2H"), ago("PT1H"), null, null,
            false, false));
    assertGolden("digest-everything", Digest.build(facts(tickets), TAG));
  }

  @Test
  void nothingToLookAtSendsNothing() {
    List<DigestTicket> calm = List.of(
        ticket(1007, "Answered and quiet", "open", "normal", "alice", ago("PT2H"), ago("PT2H"), ago("PT1H"), null,
            null, false, false),
        ticket(1008, "Waiting since this morning", "waiting", "low", null, ago("P1D"), ago("PT3H"), ago("PT20H"), null,
            null, false, false));
    assertThat(Digest.build(facts(calm), TAG)).isEmpty();
    assertThat(Digest.build(facts(List.of()), TAG)).isEmpty();
  }

  private static void assertGolden(String name, Optional<Digest.Mail> mail) throws IOException {
    assertThat(mail).as("a digest for " + name).isPresent();
    String actual = "Subject: " + mail.get().subject() + "\n\n" + mail.get().body();
    Path golden = Path.of("src/test/resources/notify/" + name + ".expected");
    if (!Files.exists(golden)) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      fail("wrote the missing golden file " + golden + "; review it and run again");
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
