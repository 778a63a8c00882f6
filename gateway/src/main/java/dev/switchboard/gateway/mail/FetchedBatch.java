package dev.switchboard.gateway.mail;

import java.util.List;

/**
 * The result of one fetch round: messages after the last committed UID, in UID order.
 *
 * @param more true when the server holds further new messages beyond this batch
 */
public record FetchedBatch(long uidValidity, List<FetchedMessage> messages, boolean more) {
  public FetchedBatch {
    messages = List.copyOf(messages);
  }

  public long highestUid() {
    return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).uid();
  }

  /** Deletes the temporary files of spooled messages; blocking file I/O, so call it off the event loop. */
  public void discard() {
    messages.forEach(FetchedMessage::discard);
  }
}
