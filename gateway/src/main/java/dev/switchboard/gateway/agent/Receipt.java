package dev.switchboard.gateway.agent;

import dev.switchboard.store.Ticket;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a coordinator's {@code #commands} changed on a ticket, for the short mail that confirms it to them. Pure: the
 * ticket before and after and the commands in, one line per change out ({@code Status: new -> waiting}); nothing
 * when nothing changed (a command that set what was already there).
 */
public final class Receipt {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ROOT);

  private Receipt() {}

  public static List<String> changes(Ticket before, Ticket after, List<CommandParser.Command> commands) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    List<String> lines = new ArrayList<>();
    if (!before.status().equals(after.status())) {
      lines.add("Status: " + before.status() + " -> " + after.status());
    }
    if (!before.priority().equals(after.priority())) {
      lines.add("Priority: " + before.priority() + " -> " + after.priority());
    }
    if (!Objects.equals(before.assignee(), after.assignee())) {
      lines.add("Assignee: " + shown(before.assignee()) + " -> " + shown(after.assignee()));
    }
    for (CommandParser.Command c : commands) {
      if (c instanceof CommandParser.Hold h && h.until() != null) {
        lines.add("On hold until: " + DAY.format(h.until()) + " (then open again)");
      } else if (c instanceof CommandParser.ClearAttention && before.needsAttention()) {
        lines.add("Needs attention: " + shown(before.attentionReason()) + " -> cleared");
      } else if (c instanceof CommandParser.Cc cc) {
        lines.add("Participants: " + (cc.add() ? "added " : "removed ") + cc.email());
      }
    }
    return List.copyOf(lines);
  }

  /** The mail's text: the changes, and where to see the ticket. */
  public static String body(String tag, List<String> changes, String url, String mailboxName) {
    StringBuilder b = new StringBuilder("Your commands changed ").append(tag).append(":\n\n");
    changes.forEach(line -> b.append("- ").append(line).append('\n'));
    b.append("\nTicket: ").append(url).append('\n')
        .append("-- \n").append(mailboxName).append("\nThis is an automatic message.\n");
    return b.toString();
  }

  private static String shown(String value) {
    return value == null || value.isBlank() ? "none" : value;
  }
}
