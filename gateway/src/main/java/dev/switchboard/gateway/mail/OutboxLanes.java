package dev.switchboard.gateway.mail;

import dev.switchboard.store.OutboxMail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a leased batch over the sender's SMTP connections. The mails of one ticket stay on one connection, in the
 * order they were leased, so a ticket's acknowledgment is never overtaken by its next status mail; a mail without a
 * ticket goes alone. Each new ticket goes to the connection with the fewest mails so far. Pure.
 */
final class OutboxLanes {
  private OutboxLanes() {}

  /** At most {@code connections} non-empty lists, each in leased order. */
  static List<List<OutboxMail>> split(List<OutboxMail> leased, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
    List<List<OutboxMail>> lanes = new ArrayList<>(connections);
    for (int i = 0; i < connections; i++) {
      lanes.add(new ArrayList<>());
    }
    Map<Long, Integer> laneOfTicket = new HashMap<>();
    for (OutboxMail mail : leased) {
      Integer lane = mail.ticketId() == null ? null : laneOfTicket.get(mail.ticketId());
      if (lane == null) {
        lane = shortest(lanes);
        if (mail.ticketId() != null) {
          laneOfTicket.put(mail.ticketId(), lane);
        }
      }
      lanes.get(lane).add(mail);
    }
    lanes.removeIf(List::isEmpty);
    return lanes;
  }

  private static int shortest(List<List<OutboxMail>> lanes) {
    int best = 0;
    for (int i = 1; i < lanes.size(); i++) {
      if (lanes.get(i).size() < lanes.get(best).size()) {
        best = i;
      }
    }
    return best;
  }
}
