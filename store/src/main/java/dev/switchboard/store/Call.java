package dev.switchboard.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored call, with the ticket it was filed on and its contact joined in.
 *
 * @param linkedid Asterisk's Linkedid, unique per {@code pbx}
 * @param callerNumber the number as Asterisk gave it; {@code callerE164} the same normalised, or null
 * @param ticketNumber the ticket the call was filed on, or null (internal calls, calls no policy filed)
 * @param ticketMessageId the timeline entry of that ticket that shows the call, or null
 */
public record Call(
    long id,
    String pbx,
    String linkedid,
    String direction,
    String callerNumber,
    String callerE164,
    String callerName,
    String dialledNumber,
    String answeredByExtension,
    String answeredByName,
    String queue,
    List<CallTransfer> transfers,
    Instant startedAt,
    Instant answeredAt,
    Instant endedAt,
    long ringSeconds,
    long talkSeconds,
    String disposition,
    String voicemailBox,
    boolean expired,
    boolean midCall,
    Long contactId,
    String contactEmail,
    String contactName,
    Long ticketId,
    Long ticketNumber,
    Long ticketMessageId,
    Instant createdAt) {
  public Call {
    Objects.requireNonNull(pbx, "pbx");
    Objects.requireNonNull(linkedid, "linkedid");
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(disposition, "disposition");
    transfers = List.copyOf(transfers);
  }
}
