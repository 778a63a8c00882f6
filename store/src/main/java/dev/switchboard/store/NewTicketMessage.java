package dev.switchboard.store;

import java.util.List;
import java.util.Objects;

/** A timeline entry about to be stored; see {@link TicketMessage} for the fields. */
public record NewTicketMessage(
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
    List<String> warnings) {
  /** The ticket id of a ticket's first message stored with it ({@link TicketRepository#createWithFirstMessage}). */
  public static final long NEW_TICKET = 0;

  public NewTicketMessage {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    references = List.copyOf(references);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    warnings = List.copyOf(warnings);
  }

  /** A note the gateway leaves on a ticket to explain a decision (e.g. why no acknowledgment was sent). */
  public static NewTicketMessage systemNote(long ticketId, String text) {
    return new NewTicketMessage(
        ticketId, null, null, "internal", "system", "system", null, null, List.of(), null, null, List.of(),
        List.of(), null, text, text, null, null, List.of());
  }
}
