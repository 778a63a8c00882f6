package dev.switchboard.store;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A mail waiting in (or done with) the outbox. The Message-ID is fixed when the mail is enqueued, so every attempt
 * sends the same message and a recipient's client recognises a re-send.
 *
 * @param headers extra header fields to set (e.g. Auto-Submitted), name to value
 */
public record OutboxMail(
    long id,
    long mailboxId,
    Long ticketId,
    Long ticketMessageId,
    String kind,
    String messageId,
    String fromAddress,
    String fromName,
    List<String> to,
    List<String> cc,
    String subject,
    String inReplyTo,
    List<String> references,
    JsonObject headers,
    String bodyText,
    String bodyHtml,
    String state,
    int attempts) {
  public OutboxMail {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(fromAddress, "fromAddress");
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    references = List.copyOf(references);
    headers = headers == null ? new JsonObject() : headers;
  }
}
