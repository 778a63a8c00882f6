package dev.switchboard.store;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/** A mail to enqueue, in the same transaction as the change that caused it. See {@link OutboxMail}. */
public record NewOutboxMail(
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
    String bodyHtml) {
  public NewOutboxMail {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(fromAddress, "fromAddress");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(bodyText, "bodyText");
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("an outbox mail needs at least one recipient");
    }
    cc = List.copyOf(cc);
    references = List.copyOf(references);
    headers = headers == null ? new JsonObject() : headers;
  }
}
