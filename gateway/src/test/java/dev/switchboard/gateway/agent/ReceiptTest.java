package dev.switchboard.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.Ticket;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static Ticket ticket(String status, String priority, String assignee, String flag) {
    return new Ticket(1, 1042, 1L, "Printer on fire", status, priority, null, "jane@example.org", "Jane", assignee,
        "email", flag != null, flag, null, null, null, null, null, null, null, null, null);
  }

  @Test
  void oneLinePerChangeOldToNew() {
    List<String> lines = Receipt.changes(ticket("open", "normal", null, "a bounce"),
        ticket("on hold", "high", "bob", null),
        List.of(new CommandParser.Hold("on hold", LocalDate.of(2026, 12, 10)), new CommandParser.SetPriority("high"),
            new CommandParser.Assign("bob"), new CommandParser.ClearAttention(),
            new CommandParser.Cc(true, "sam@example.org")));
    assertThat(lines).containsExactly("Status: open -> on hold", "Priority: normal -> high", "Assignee: none -> bob",
        "On hold until: Thu 2026-12-10 (then open again)", "Needs attention: a bounce -> cleared",
        "Participants: added sam@example.org");
  }

  @Test
  void commandsThatSetWhatWasThereChangeNothing() {
    Ticket same = ticket("open", "high", "bob", null);
    assertThat(Receipt.changes(same, same, List.of(new CommandParser.SetPriority("high"),
        new CommandParser.ClearAttention()))).isEmpty();
  }
}
