package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.Contact;
import dev.switchboard.store.ContactRepository;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.TicketMessageRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The facts every mail of an intake group needs from the database before it is decided: whether its Message-ID is
 * already stored inbound, its requester's contact (created on first sight), and how many acknowledgments went to the
 * requester in the last hour. Read for the whole group at the start of its transaction, three statements instead of
 * three per mail.
 *
 * <p>What the group itself adds while it is filed is not in these answers: the caller asks {@link BatchWrites} first
 * (Message-IDs filed, acknowledgments collected), as it did when every mail was looked up on its own. A mail the
 * prefetch did not cover is looked up on its own, so {@link #NONE} is the one-mail-at-a-time path.
 */
final class GroupLookups {
  static final String ACKNOWLEDGMENT = "acknowledgment";
  static final Duration ACKNOWLEDGMENT_WINDOW = Duration.ofHours(1);

  /** Nothing read ahead: every answer is a query of its own. */
  static final GroupLookups NONE = new GroupLookups(Set.of(), Map.of(), Map.of(), Set.of(), Map.of());

  private final Set<String> messageIdsRead;
  private final Map<String, Long> inbound;
  private final Map<String, Contact> contacts;
  private final Set<String> recipientsRead;
  private final Map<String, Long> recentAcknowledgments;

  private GroupLookups(Set<String> messageIdsRead, Map<String, Long> inbound, Map<String, Contact> contacts,
      Set<String> recipientsRead, Map<String, Long> recentAcknowledgments) {
    this.messageIdsRead = messageIdsRead;
    this.inbound = inbound;
    this.contacts = contacts;
    this.recipientsRead = recipientsRead;
    this.recentAcknowledgments = recentAcknowledgments;
  }

  /** Reads the facts of every mail in {@code group}, in one round trip (the three statements are pipelined). */
  static Future<GroupLookups> read(SqlClient tx, long mailboxId, List<PreparedMail> group) {
    Set<String> messageIds = new HashSet<>();
    List<String> emails = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Set<String> recipients = new HashSet<>();
    for (PreparedMail p : group) {
      ParsedEmail mail = p.parsed();
      if (mail.messageId() != null) {
        messageIds.add(mail.messageId());
      }
      EmailAddress requester = MailDecisions.requester(mail);
      if (requester != null) {
        emails.add(Text.dbSafe(requester.address()));
        names.add(Text.dbSafe(requester.name()));
        recipients.add(requester.normalized().toLowerCase(Locale.ROOT));
      }
    }
    Future<Map<String, Long>> inbound = new TicketMessageRepository(tx).ticketsForInbound(mailboxId, messageIds);
    Future<Map<String, Contact>> contacts = new ContactRepository(tx).findOrCreateByEmails(emails, names);
    Future<Map<String, Long>> counts =
        new OutboxRepository(tx).countRecent(recipients, ACKNOWLEDGMENT, ACKNOWLEDGMENT_WINDOW);
    return Future.all(inbound, contacts, counts)
        .map(v -> new GroupLookups(messageIds, inbound.result(), contacts.result(), recipients, counts.result()));
  }

  /** The ticket this Message-ID is already stored on inbound in the mailbox, or null. */
  Future<Long> storedInbound(SqlClient tx, long mailboxId, String messageId) {
    if (messageId == null) {
      return Future.succeededFuture();
    }
    if (messageIdsRead.contains(messageId)) {
      return Future.succeededFuture(inbound.get(messageId));
    }
    return new TicketMessageRepository(tx).ticketForInbound(mailboxId, messageId);
  }

  /** The contact for this address, created on first sight; null for no address. */
  Future<Contact> contact(SqlClient tx, EmailAddress address) {
    if (address == null) {
      return Future.succeededFuture();
    }
    Contact read = contacts.get(Text.dbSafe(address.address()).toLowerCase(Locale.ROOT));
    if (read != null) {
      return Future.succeededFuture(read);
    }
    return new ContactRepository(tx).findOrCreateByEmail(Text.dbSafe(address.address()), Text.dbSafe(address.name()));
  }

  /** Acknowledgments to this requester committed in the last hour (not those the group collected). */
  Future<Long> recentAcknowledgments(SqlClient tx, EmailAddress requester) {
    if (requester == null) {
      return Future.succeededFuture(0L);
    }
    String key = requester.normalized().toLowerCase(Locale.ROOT);
    if (recipientsRead.contains(key)) {
      return Future.succeededFuture(recentAcknowledgments.getOrDefault(key, 0L));
    }
    return new OutboxRepository(tx).countRecent(requester.normalized(), ACKNOWLEDGMENT, ACKNOWLEDGMENT_WINDOW);
  }
}
