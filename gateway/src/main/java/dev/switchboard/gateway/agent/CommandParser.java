package dev.switchboard.gateway.agent;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the commands at the top of a coordinator's reply: {@code #status waiting}, {@code #priority high},
 * {@code #assign alice}, {@code #unassign}, {@code #cc add carol@example.com}, {@code #cc remove carol@example.com},
 * {@code #note}, {@code #resolve}, {@code #close}, {@code #hold until 2026-12-10}, {@code #seen} (or
 * {@code #attention clear}). Pure.
 *
 * <p>Commands are the lines starting with {@code #word} before the first other line; a blank line or any other text
 * ends them and the rest is the reply. {@code #note} ends them too: everything after it (including text on its own
 * line) is an internal note. A line such as {@code #1 is broken} or {@code # heading} is text, not a command. Any
 * error makes the whole mail a no-op, so a typo never half-applies.
 */
public final class CommandParser {
  /** One thing a coordinator asked for. */
  public sealed interface Command {}

  public record SetStatus(String status) implements Command {}

  public record SetPriority(String priority) implements Command {}

  /** @param assignee who to assign, or null to unassign */
  public record Assign(String assignee) implements Command {}

  /**
   * Adds or removes a participant of the ticket.
   *
   * @param email lower-cased
   */
  public record Cc(boolean add, String email) implements Command {}

  /**
   * Puts the ticket on hold (the status {@code on hold}), until the start of a day or without a date.
   *
   * @param until the day it returns to open, or null
   */
  public record Hold(String status, LocalDate until) implements Command {}

  /** Clears the ticket's needs-attention flag. */
  public record ClearAttention() implements Command {}

  /** The mail is an internal note, not a reply to relay. */
  public record Note() implements Command {}

  /**
   * @param commands in the order written; empty when there were none (a plain reply)
   * @param errors one line per problem; when not empty nothing may be applied
   * @param body the text after the commands: the reply to relay, or the note
   */
  public record Parsed(List<Command> commands, List<String> errors, String body) {
    public Parsed {
      commands = List.copyOf(commands);
      errors = List.copyOf(errors);
    }

    public boolean isNote() {
      return commands.stream().anyMatch(c -> c instanceof Note);
    }

    public boolean ok() {
      return errors.isEmpty();
    }
  }

  public static final String RESOLVED = "resolved";
  public static final String CLOSED = "closed";
  private static final Pattern COMMAND = Pattern.compile("#([A-Za-z][A-Za-z_-]*)(?:\\s+(.*))?");
  private static final Pattern ASSIGNEE = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,100}");
  // a plain address, optionally in <>: no display name, no comments, no list; Unicode allowed (RFC 6532)
  private static final Pattern ADDRESS =
      Pattern.compile("<?([^\\s\\p{Cntrl}@<>()\\[\\],;:\"]{1,64}"
          + "@[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63})+)>?");
  private static final List<String> KNOWN =
      List.of("#status", "#priority", "#assign", "#unassign", "#cc", "#note", "#resolve", "#close", "#hold", "#seen",
          "#attention clear");
  public static final String ON_HOLD = "on hold";

  private final List<String> statuses;
  private final List<String> priorities;

  public CommandParser(List<String> statuses, List<String> priorities) {
    this.statuses = List.copyOf(statuses);
    this.priorities = List.copyOf(priorities);
  }

  public Parsed parse(String text) {
    String[] lines = (text == null ? "" : text).replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    List<Command> commands = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int i = 0;
    while (i < lines.length && lines[i].isBlank()) {
      i++;
    }
    StringBuilder noteHead = new StringBuilder();
    for (; i < lines.length; i++) {
      String line = lines[i].strip();
      Matcher m = COMMAND.matcher(line);
      if (!m.matches()) {
        break;
      }
      String name = m.group(1).toLowerCase(Locale.ROOT);
      String arg = m.group(2) == null ? "" : m.group(2).strip();
      if (name.equals("note")) {
        commands.add(new Note());
        noteHead.append(arg);
        i++;
        break;
      }
      Command c = command(name, arg, line, errors);
      if (c != null) {
        commands.add(c);
      }
    }
    StringBuilder body = new StringBuilder(noteHead);
    for (int j = i; j < lines.length; j++) {
      if (body.length() > 0 || !lines[j].isBlank()) {
        if (body.length() > 0) {
          body.append('\n');
        }
        body.append(lines[j]);
      }
    }
    long statusChanges = commands.stream().filter(c -> c instanceof SetStatus || c instanceof Hold).count();
    if (statusChanges > 1) {
      errors.add("more than one status change (#status, #resolve, #close, #hold): give one");
    }
    if (commands.stream().filter(c -> c instanceof SetPriority).count() > 1) {
      errors.add("more than one #priority: give one");
    }
    if (commands.stream().filter(c -> c instanceof Assign).count() > 1) {
      errors.add("more than one #assign / #unassign: give one");
    }
    return new Parsed(commands, errors, body.toString().stripTrailing());
  }

  private Command command(String name, String arg, String line, List<String> errors) {
    switch (name) {
      case "status" -> {
        String s = match(arg, statuses);
        if (s == null) {
          errors.add(arg.isEmpty() ? "#status needs a value, one of: " + String.join(", ", statuses)
              : "unknown status '" + arg + "' in '" + line + "'; known: " + String.join(", ", statuses));
          return null;
        }
        return new SetStatus(s);
      }
      case "priority" -> {
        String p = match(arg, priorities);
        if (p == null) {
          errors.add(arg.isEmpty() ? "#priority needs a value, one of: " + String.join(", ", priorities)
              : "unknown priority '" + arg + "' in '" + line + "'; known: " + String.join(", ", priorities));
          return null;
        }
        return new SetPriority(p);
      }
      case "assign" -> {
        if (!ASSIGNEE.matcher(arg).matches()) {
          errors.add(arg.isEmpty() ? "#assign needs a name, e.g. '#assign alice'"
              : "'" + arg + "' in '" + line + "' is not a name: one word of letters, digits, '.', '_', '@', '+', '-'");
          return null;
        }
        return new Assign(arg);
      }
      case "cc" -> {
        String[] words = arg.split("\\s+", 2);
        String action = words[0].toLowerCase(Locale.ROOT);
        Matcher address = words.length == 2 ? ADDRESS.matcher(words[1].strip()) : null;
        if (!(action.equals("add") || action.equals("remove")) || address == null || !address.matches()) {
          errors.add("'" + line + "' is not a participant change: write '#cc add carol@example.com' or"
              + " '#cc remove carol@example.com'");
          return null;
        }
        return new Cc(action.equals("add"), address.group(1).toLowerCase(Locale.ROOT));
      }
      case "hold" -> {
        String status = match(ON_HOLD, statuses);
        if (status == null) {
          errors.add("#hold needs the status '" + ON_HOLD + "', which is not one of: " + String.join(", ", statuses));
          return null;
        }
        if (arg.isEmpty()) {
          return new Hold(status, null);
        }
        String[] words = arg.split("\\s+");
        try {
          if (words.length == 2 && words[0].equalsIgnoreCase("until")) {
            return new Hold(status, LocalDate.parse(words[1]));
          }
        } catch (DateTimeParseException e) {
          // reported below
        }
        errors.add("'" + line + "' is not a hold: write '#hold' or '#hold until 2026-12-10'");
        return null;
      }
      case "seen", "attention" -> {
        if (name.equals("seen") ? !arg.isEmpty() : !arg.equalsIgnoreCase("clear")) {
          errors.add("'" + line + "' is not understood: write '#seen' or '#attention clear'");
          return null;
        }
        return new ClearAttention();
      }
      case "unassign", "resolve", "close" -> {
        if (!arg.isEmpty()) {
          errors.add("#" + name + " takes no value, was '" + line + "'");
          return null;
        }
        return switch (name) {
          case "unassign" -> new Assign(null);
          case "resolve" -> new SetStatus(RESOLVED);
          default -> new SetStatus(CLOSED);
        };
      }
      default -> {
        errors.add("unknown command '#" + name + "'; known: " + String.join(" ", KNOWN));
        return null;
      }
    }
  }

  /** The configured spelling of a value, matched ignoring case and treating '-', '_' and spaces alike. */
  public static String match(String value, List<String> allowed) {
    String wanted = normalize(value);
    if (wanted.isEmpty()) {
      return null;
    }
    return allowed.stream().filter(a -> normalize(a).equals(wanted)).findFirst().orElse(null);
  }

  static String normalize(String value) {
    return value.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }
}
