package dev.switchboard.parser;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything Switchboard needs to know about one received message. Produced by {@link EmailParser}; never null fields
 * except where documented. Close it to release temporary storage held by large attachments.
 *
 * @param messageId Message-ID without angle brackets, or null when the message has none
 * @param inReplyTo first message id of In-Reply-To without angle brackets, or null
 * @param references message ids of References, oldest first, without angle brackets
 * @param returnPath the envelope sender from Return-Path without angle brackets; "" for the null sender {@code <>};
 *     null when the header is absent
 * @param text the full plain-text body (HTML-only mail rendered to text)
 * @param reply only the new text of this message: quoted history and signature removed
 * @param html sanitised HTML body, or null
 * @param bounce delivery failure details when classification is {@link MailKind#BOUNCE}, else null
 * @param failed true when the message could not be parsed at all; the rest is best effort
 */
public record ParsedEmail(
    String messageId,
    String inReplyTo,
    List<String> references,
    String subject,
    EmailAddress from,
    List<EmailAddress> to,
    List<EmailAddress> cc,
    List<EmailAddress> replyTo,
    String returnPath,
    OffsetDateTime date,
    List<MailHeader> headers,
    String text,
    String reply,
    String html,
    List<ParsedAttachment> attachments,
    Classification classification,
    BounceInfo bounce,
    List<ParseWarning> warnings,
    boolean failed,
    AutoCloseable resources)
    implements AutoCloseable {

  public ParsedEmail {
    references = List.copyOf(references);
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    replyTo = List.copyOf(replyTo);
    headers = List.copyOf(headers);
    attachments = List.copyOf(attachments);
    warnings = List.copyOf(warnings);
    subject = subject == null ? "" : subject;
    text = text == null ? "" : text;
    reply = reply == null ? "" : reply;
    Objects.requireNonNull(classification, "classification");
  }

  /** All values of the named header, case-insensitively, in order. */
  public List<String> headerValues(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(MailHeader::value).toList();
  }

  /** The first value of the named header, case-insensitively. */
  public Optional<String> header(String name) {
    return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(MailHeader::value).findFirst();
  }

  @Override
  public void close() {
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        // temporary storage that fails to delete is not worth failing the caller over
      }
    }
  }
}
