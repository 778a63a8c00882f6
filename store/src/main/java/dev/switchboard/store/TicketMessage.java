package dev.switchboard.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/** One entry on a ticket's timeline: a mail in or out, a note, or the gateway explaining what it did. */
public record TicketMessage(
    long id,
    long ticketId,
    Long mailboxId,
    Long rawMessageId,
    String direction,
    String kind,
    String channel,
    String messageId,
    String inReplyTo,
    List<String> references,
    String fromAddress,
    String fromName,
    List<String> to,
    List<String> cc,
    String subject,
    String bodyText,
    String replyText,
    String bodyHtml,
    String classification,
    List<String> warnings,
    OffsetDateTime createdAt) {
  public TicketMessage {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    references = List.copyOf(references);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    warnings = List.copyOf(warnings);
  }
}
