package dev.switchboard.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.ParsedEmail;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LoopGuardTest {
  private static final EmailParser PARSER = new EmailParser();
  private final LoopGuard guard = new LoopGuard(Set.of("support@example.com"), 3);

  private static ParsedEmail mail(String from, String extraHeaders) {
    String raw =
        "From: " + from + "\r\nTo: support@example.com\r\nSubject: Help\r\nMessage-ID: <a@example.org>\r\n"
            + extraHeaders + "\r\nPlease help.\r\n";
    return PARSER.parse(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPersonsFirstMailIsAcknowledged() {
    ParsedEmail m = mail("Jane <jane@example.org>", "");
    assertThat(guard.decide(m, m.from(), 0).allowed()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Auto-Submitted: auto-replied|Auto-Submitted",
        "Auto-Submitted: auto-generated|Auto-Submitted",
        "Precedence: bulk|Precedence",
        "Precedence: junk|Precedence",
        "Precedence: list|Precedence",
        "List-Id: <it.lists.example.org>|List-Id",
        "X-Autoreply: yes|X-Autoreply",
        "X-Autorespond: yes|X-Autorespond",
        "Return-Path: <>|null sender",
      })
  void machineMailIsNeverAcknowledged(String header, String expectedReason) {
    ParsedEmail m = mail("jane@example.org", header + "\r\n");
    AcknowledgmentDecision d = guard.decide(m, m.from(), 0);
    assertThat(d.allowed()).as("acknowledge mail with %s", header).isFalse();
    assertThat(d.reason()).contains(expectedReason);
  }

  @Test
  void autoSubmittedNoIsAPerson() {
    ParsedEmail m = mail("jane@example.org", "Auto-Submitted: no\r\n");
    assertThat(guard.decide(m, m.from(), 0).allowed()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"MAILER-DAEMON@mx.example.org", "postmaster@example.org", "noreply@example.org", "no-reply@example.org"})
  void machineSendersAreNeverAcknowledged(String from) {
    ParsedEmail m = mail(from, "");
    assertThat(guard.decide(m, m.from(), 0).allowed()).isFalse();
  }

  @Test
  void ourOwnAddressIsNeverAcknowledged() {
    ParsedEmail m = mail("Support <Support@Example.com>", "");
    AcknowledgmentDecision d = guard.decide(m, m.from(), 0);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("our own");
  }

  @Test
  void rateLimitStopsTheFourthAcknowledgmentWithinAnHour() {
    ParsedEmail m = mail("jane@example.org", "");
    assertThat(guard.decide(m, m.from(), 2).allowed()).isTrue();
    AcknowledgmentDecision d = guard.decide(m, m.from(), 3);
    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("rate limit");
  }

  @Test
  void unparseableOrSenderlessMailIsNotAcknowledged() {
    ParsedEmail m = mail("jane@example.org", "");
    assertThat(guard.decide(m, null, 0).allowed()).isFalse();
    assertThat(guard.decide(m, EmailAddress.of("support@example.com"), 0).allowed()).isFalse();
  }
}
