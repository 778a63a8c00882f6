package dev.switchboard.gateway.outgoing;

import dev.switchboard.gateway.mail.MessageIds;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.NewTicketMessage;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A mail the service writes, built in one place: its Message-ID, the automatic-mail headers its kind calls for, the
 * thread headers ({@code In-Reply-To}, {@code References}), the subject, and from them the outbox row and the ticket's
 * timeline entry. Acknowledgments, coordinator relays and notices, status mails, reminders and coordinator
 * notifications differ only in what {@link Kind} says and what the caller gives the {@link Builder}.
 *
 * @param headers extra header fields in the order they are written: the automatic-mail ones first
 */
public record OutgoingMail(
    Kind kind,
    long mailboxId,
    Long ticketId,
    String messageId,
    String fromAddress,
    String fromName,
    List<String> to,
    List<String> cc,
    String subject,
    String inReplyTo,
    List<String> references,
    JsonObject headers,
    String body) {
  /** RFC 5322's line limit, which a subject (folded or not) should stay within. */
  static final int MAX_SUBJECT = 998;
  /** The root and the most recent ancestors are kept, as RFC 5322 suggests for long threads. */
  static final int MAX_REFERENCES = 20;

  /** What the mail is automatic as (RFC 3834), which tells other systems not to answer it. */
  public enum Auto {
    /** A person's words: no automatic-mail headers, so the requester's systems treat it as any mail. */
    NONE(null),
    /** Written on the service's own initiative (a status change, a reminder, a notification). */
    GENERATED("auto-generated"),
    /** An automatic answer to a mail that came in (an acknowledgment, a notice of a bad command). */
    REPLIED("auto-replied");

    private final String headerValue;

    Auto(String headerValue) {
      this.headerValue = headerValue;
    }

    /** The value of {@code Auto-Submitted}, or null for none. */
    public String headerValue() {
      return headerValue;
    }
  }

  /** The kinds of mail the service sends; the wire name is the outbox's and the timeline's {@code kind}. */
  public enum Kind {
    ACKNOWLEDGMENT("acknowledgment", Auto.REPLIED),
    AGENT_REPLY("agent-reply", Auto.NONE),
    AGENT_NOTICE("agent-notice", Auto.REPLIED),
    STATUS_UPDATE("status-update", Auto.GENERATED),
    WAITING_REMINDER("waiting-reminder", Auto.GENERATED),
    COORDINATOR_NOTIFICATION("notification", Auto.GENERATED),
    /** What a coordinator's commands changed, told back to that coordinator. */
    RECEIPT("receipt", Auto.REPLIED);

    private final String wireName;
    private final Auto auto;

    Kind(String wireName, Auto auto) {
      this.wireName = wireName;
      this.auto = auto;
    }

    public String wireName() {
      return wireName;
    }

    public Auto auto() {
      return auto;
    }
  }

  public OutgoingMail {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(fromAddress, "fromAddress");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("an outgoing mail needs at least one recipient");
    }
    cc = List.copyOf(cc);
    references = List.copyOf(references);
    headers = headers.copy();
  }

  public static Builder builder(Kind kind, long mailboxId, String fromAddress) {
    return new Builder(kind, mailboxId, fromAddress);
  }

  /** The row that the outbox sender turns into SMTP. */
  public NewOutboxMail outboxRow() {
    return new NewOutboxMail(mailboxId, ticketId, null, kind.wireName(), messageId, fromAddress, fromName, to, cc,
        subject, inReplyTo, references, headers, body, null);
  }

  /** The ticket's timeline entry for this mail; addresses lower-cased as the timeline keeps them. */
  public NewTicketMessage timelineEntry() {
    if (ticketId == null) {
      throw new IllegalStateException("a mail about no ticket has no timeline entry");
    }
    return new NewTicketMessage(
        ticketId, mailboxId, null, "outbound", kind.wireName(), "email", messageId, inReplyTo, references,
        lower(fromAddress), fromName, to.stream().map(OutgoingMail::lower).toList(),
        cc.stream().map(OutgoingMail::lower).toList(), subject, body, body, null, null, List.of());
  }

  /** The root and the most recent ancestors, without repeats, as RFC 5322 suggests for long threads. */
  public static List<String> capped(List<String> ids) {
    List<String> refs = new ArrayList<>(new LinkedHashSet<>(ids));
    if (refs.size() <= MAX_REFERENCES) {
      return refs;
    }
    List<String> kept = new ArrayList<>();
    kept.add(refs.get(0));
    kept.addAll(refs.subList(refs.size() - (MAX_REFERENCES - 1), refs.size()));
    return kept;
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /** Collects what differs between mails; {@link #build()} adds what every mail of the kind has. */
  public static final class Builder {
    private final Kind kind;
    private final long mailboxId;
    private final String fromAddress;
    private String fromName;
    private Long ticketId;
    private long ticketNumber;
    private String messageId;
    private List<String> to = List.of();
    private List<String> cc = List.of();
    private String subject;
    private String inReplyTo;
    private List<String> references = List.of();
    private final JsonObject extraHeaders = new JsonObject();
    private String body;

    private Builder(Kind kind, long mailboxId, String fromAddress) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.mailboxId = mailboxId;
      this.fromAddress = Objects.requireNonNull(fromAddress, "fromAddress");
    }

    public Builder fromName(String name) {
      this.fromName = name;
      return this;
    }

    /** The ticket the mail is about: on its timeline, and named in {@code X-Switchboard-Ticket}. */
    public Builder ticket(long id, long number) {
      this.ticketId = id;
      this.ticketNumber = number;
      return this;
    }

    /** A Message-ID decided by the caller (a notification thread's deterministic root); else a new random one. */
    public Builder messageId(String id) {
      this.messageId = id;
      return this;
    }

    public Builder to(List<String> addresses) {
      this.to = List.copyOf(addresses);
      return this;
    }

    public Builder cc(List<String> addresses) {
      this.cc = List.copyOf(addresses);
      return this;
    }

    /** Cut to the line limit: a ticket subject comes from a stranger's mail. */
    public Builder subject(String subject) {
      this.subject = Text.truncate(subject, MAX_SUBJECT);
      return this;
    }

    /** An answer to one mail: In-Reply-To it, References its References and then it. */
    public Builder answering(String parentMessageId, List<String> parentReferences) {
      List<String> refs = new ArrayList<>(parentReferences);
      if (parentMessageId != null) {
        refs.add(parentMessageId);
      }
      this.inReplyTo = parentMessageId;
      this.references = capped(refs);
      return this;
    }

    /** A mail in a running conversation, oldest first: In-Reply-To its last message, References all of it. */
    public Builder inConversation(List<String> conversationIds) {
      this.references = capped(conversationIds);
      this.inReplyTo = references.isEmpty() ? null : references.get(references.size() - 1);
      return this;
    }

    /** Further header fields (such as {@code Reply-To}), written after the ones the kind and ticket imply. */
    public Builder headers(JsonObject headers) {
      extraHeaders.mergeIn(headers);
      return this;
    }

    public Builder header(String name, String value) {
      extraHeaders.put(name, value);
      return this;
    }

    public Builder body(String body) {
      this.body = body;
      return this;
    }

    public OutgoingMail build() {
      JsonObject headers = new JsonObject();
      if (kind.auto() != Auto.NONE) {
        headers.put("Auto-Submitted", kind.auto().headerValue());
        // Exchange and Outlook: no out-of-office or other automatic answers to this
        headers.put("X-Auto-Response-Suppress", "All");
      }
      if (ticketId != null) {
        headers.put("X-Switchboard-Ticket", Long.toString(ticketNumber));
      }
      headers.mergeIn(extraHeaders);
      String id = messageId != null ? messageId : MessageIds.create(ticketNumber, fromAddress);
      return new OutgoingMail(kind, mailboxId, ticketId, id, fromAddress, fromName, to, cc, subject, inReplyTo,
          references, headers, body);
    }
  }
}
