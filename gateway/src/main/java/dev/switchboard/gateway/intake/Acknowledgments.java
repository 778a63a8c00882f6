package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketMessageRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new ticket's first response to its requester: rendered from the mailbox's template, built by the one outgoing-mail
 * builder ({@link OutgoingMail}) and collected in the transaction's {@link BatchWrites}, which writes the timeline
 * entry, the outbox row and the ticket's mark with one statement for the whole group.
 */
final class Acknowledgments {
  private static final Logger log = LoggerFactory.getLogger(Acknowledgments.class);
  private static final String TEMPLATE = "acknowledgment";

  private final SubjectTag subjectTag;
  private final ResponseTemplates templates;

  Acknowledgments(SubjectTag subjectTag, ResponseTemplates templates) {
    this.subjectTag = subjectTag;
    this.templates = templates;
  }

  /**
   * Collects the first response in {@code writes} when the loop guard allowed it; otherwise the ticket says why not.
   */
  Future<Void> enqueue(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, ParsedEmail mail, EmailAddress requester, Ticket ticket,
      AcknowledgmentDecision decision, Coordinators coordinators) {
    if (!decision.allowed()) {
      log.info("acknowledgment suppressed ticket={} mailbox={} reason={}",
          ticket.number(), mailbox.name(), decision.reason());
      return new TicketMessageRepository(tx)
          .insert(NewTicketMessage.systemNote(ticket.id(), "No acknowledgment sent: " + decision.reason() + "."))
          .mapEmpty();
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("tag", subjectTag.tag(ticket.number()));
    scope.put("number", ticket.number());
    scope.put("subject", subjectTag.strip(ticket.subject(), ticket.number()));
    scope.put("requesterName", GreetingName.orNull(requester.name()));
    scope.put("requesterEmail", requester.address());
    scope.put("mailboxName", displayName(mailbox));
    scope.put("mailboxAddress", mailbox.options().address());
    ResponseTemplates.Rendered rendered =
        templates.render(mailbox.options().templatesDirectory(), TEMPLATE, scope);
    // one subject per ticket in the requester's mail client: the template's Subject line is not used
    String subject = ThreadSubject.forRequester(subjectTag, ticket.number(), ticket.subject());
    OutgoingMail ack = OutgoingMail.builder(OutgoingMail.Kind.ACKNOWLEDGMENT, mailbox.id(), mailbox.options().address())
        .fromName(mailbox.options().displayName())
        .ticket(ticket.id(), ticket.number())
        .to(List.of(requester.address()))
        .subject(subject)
        .answering(mail.messageId(), mail.references())
        .headers(coordinators.replyHeaders(mailbox, ticket.number()))
        .body(rendered.body())
        .build();
    String messageId = ack.messageId();
    return writes.acknowledgment(ack.timelineEntry(), ack.outboxRow(), requester.normalized())
        .compose(v -> writes.event(ticket.id(), "acknowledgment-queued", new JsonObject().put("messageId", messageId)));
  }

  private static String displayName(MailboxContext mailbox) {
    return mailbox.options().displayName() == null ? mailbox.options().address() : mailbox.options().displayName();
  }
}
