package dev.switchboard.gateway.notify;

import java.util.List;
import java.util.Objects;

/**
 * Something that happened on a ticket that coordinators may be told about.
 *
 * @param sourceKey what happened, unique per ticket and event ({@code raw:<id>}, {@code call:<id>}): the same
 *     activity replayed is recognised and not told twice
 * @param actor the address of whoever caused it, who is not told; or null
 * @param who the person as shown: name, address or number
 * @param channel email or phone
 * @param text the new text only (the reply extraction), a call summary or why the ticket was flagged; may be empty
 * @param attachments file names with sizes, as listed in the mail
 */
public record TicketActivity(
    NotificationEvent event, long ticketId, String sourceKey, String actor, String who, String channel, String text,
    List<String> attachments) {
  public TicketActivity {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(sourceKey, "sourceKey");
    Objects.requireNonNull(channel, "channel");
    text = text == null ? "" : text;
    attachments = List.copyOf(attachments);
  }
}
