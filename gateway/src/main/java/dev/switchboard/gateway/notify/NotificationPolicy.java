package dev.switchboard.gateway.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Who is told about an event on a ticket. Pure: the assignee when the ticket has one the config knows (by address, or
 * by the local part of an address: {@code #assign bob} names {@code bob@example.com}), else every coordinator of the
 * mailbox; only those who want this event; never the coordinator who caused it.
 */
public final class NotificationPolicy {
  private NotificationPolicy() {}

  /**
   * A coordinator to notify and the events they want.
   *
   * @param address lower-cased
   */
  public record Coordinator(String address, Set<NotificationEvent> events) {
    public Coordinator {
      Objects.requireNonNull(address, "address");
      if (!address.contains("@")) {
        throw new IllegalArgumentException("a coordinator's notification address needs an @: " + address);
      }
      address = address.strip().toLowerCase(Locale.ROOT);
      events = Set.copyOf(events);
    }

    boolean isNamed(String assignee) {
      String a = assignee.strip().toLowerCase(Locale.ROOT);
      return address.equals(a) || address.substring(0, address.lastIndexOf('@')).equals(a);
    }
  }

  /**
   * @param assignee the ticket's assignee as stored (an address or a name), or null
   * @param actor the address of whoever caused the event, or null (a caller, the system)
   * @return the addresses to notify, in config order, each once
   */
  public static List<String> recipients(
      NotificationEvent event, String assignee, List<Coordinator> coordinators, String actor) {
    List<Coordinator> candidates = coordinators;
    if (assignee != null && !assignee.isBlank()) {
      List<Coordinator> assigned = coordinators.stream().filter(c -> c.isNamed(assignee)).toList();
      if (!assigned.isEmpty()) {
        candidates = assigned;
      }
    }
    String self = actor == null ? null : actor.strip().toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (Coordinator c : candidates) {
      if (c.events().contains(event) && !c.address().equals(self) && !out.contains(c.address())) {
        out.add(c.address());
      }
    }
    return List.copyOf(out);
  }
}
