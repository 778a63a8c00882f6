package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.MailKind;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.AttachmentRepository;
import dev.switchboard.store.Contact;
import dev.switchboard.store.NewAttachment;
import dev.switchboard.store.NewTicket;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.ParticipantRepository;
import dev.switchboard.store.RawMessage;
import dev.switchboard.store.RawMessageRepository;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one mail does to the tickets, inside its group's transaction: its facts are looked up, the pure
 * {@link MailDecisions#decide} says what it does, and the decision is applied (a new ticket with its acknowledgment, a
 * follow-up, a coordinator's action, a stranger's mail kept, a bounce, a voicemail diverted). Writes that nothing later
 * in the transaction reads are collected in {@link BatchWrites}; the pipeline around it is {@link MailIntake}.
 */
final class MailFiling {
  private static final Logger log = LoggerFactory.getLogger(MailFiling.class);
  /** The timeline kind of a mail about a ticket from someone who is not on it. */
  static final String STRANGER = "stranger";
  private static final int MAX_SUBJECT = 998;

  private final EmailParser parser;
  private final SubjectTag subjectTag;
  private final MailDecisions decisions;
  private final Acknowledgments acknowledgments;
  private final String spamStatus;
  private MailDiversion diversion = MailDiversion.NONE;
  private Coordinators coordinators = Coordinators.NONE;
  private Notifier notifier = Notifier.NONE;

  /** @param parser whose limits explain the attachments that were not stored */
  MailFiling(EmailParser parser, SubjectTag subjectTag, LoopGuard loopGuard, ResponseTemplates templates,
      String spamStatus) {
    this.parser = parser;
    this.subjectTag = subjectTag;
    this.decisions = new MailDecisions(loopGuard);
    this.acknowledgments = new Acknowledgments(subjectTag, templates);
    this.spamStatus = spamStatus;
  }

  void divertWith(MailDiversion diversion) {
    this.diversion = diversion;
  }

  void coordinateWith(Coordinators coordinators) {
    this.coordinators = coordinators;
  }

  void notifyWith(Notifier notifier) {
    this.notifier = notifier;
  }

  /**
   * A mail that could not be filed still leaves a ticket behind for a person: flagged, with the raw message linked and
   * the coordinators told.
   */
  Future<IntakeOutcome> quarantine(SqlClient tx, MailboxContext mailbox, RawMessage raw, String reason) {
    TicketRepository tickets = new TicketRepository(tx);
    String subject = "Unprocessable message (mailbox " + mailbox.name() + ", UID " + raw.uid() + ")";
    return tickets
        .create(new NewTicket(mailbox.id(), subject, "new", "normal", null, "email", true, reason))
        .compose(
            ticket ->
                new TicketMessageRepository(tx)
                    .insert(
                        new NewTicketMessage(
                            ticket.id(), mailbox.id(), raw.id(), "inbound", "customer", "email", null, null,
                            List.of(), null, null, List.of(), List.of(), subject, null, null, null, null,
                            List.of(reason)))
                    .compose(id -> new RawMessageRepository(tx).mark(raw.id(), RawMessageRepository.State.FAILED, reason))
                    .compose(v -> notifier.notify(tx, new TicketActivity(NotificationEvent.FLAGGED, ticket.id(),
                        source(raw), null, "unknown (the mail could not be read)", "email", reason, List.of())))
                    .map(new IntakeOutcome(raw.id(), raw.uid(), ticket.number(), IntakeOutcome.Kind.FAILED, false)));
  }

  /**
   * One mail in its group's transaction: the facts are looked up (read for the whole group by {@code lookups}, plus
   * what the group filed before this mail; the rest are independent statements issued together, so the client
   * pipelines them on the connection), {@link MailDecisions#decide} says what the mail does, and the decision is
   * applied.
   */
  Future<IntakeOutcome> file(
      SqlClient tx, BatchWrites writes, GroupLookups lookups, MailboxContext mailbox, PreparedMail p) {
    ParsedEmail mail = p.parsed();
    EmailAddress requester = MailDecisions.requester(mail);
    Long filedHere = writes.inboundTicket(mail.messageId());
    Future<Long> duplicateOf = filedHere != null
        ? Future.succeededFuture(filedHere)
        : lookups.storedInbound(tx, mailbox.id(), mail.messageId());
    // a valid per-ticket reply address names the ticket even when the subject and headers were mangled
    Long addressed = coordinators.addressedTicket(mailbox, mail);
    Future<Ticket> thread = findThread(tx, mail, addressed);
    // a contact for a duplicate or a follow-up is harmless: the sender is a participant either way
    Future<Contact> contact = lookups.contact(tx, requester);
    Future<Long> recentAcknowledgments = lookups.recentAcknowledgments(tx, requester)
        .map(n -> requester == null ? n : n + writes.acknowledgmentsTo(requester.normalized()));
    Future<List<String>> participants = thread.compose(
        t -> t == null ? Future.succeededFuture(List.of()) : new ParticipantRepository(tx).emails(t.id()));
    return Future.all(duplicateOf, contact, recentAcknowledgments, participants)
        .compose(v -> {
          MailFacts facts = new MailFacts(
              mailbox.name(), mailbox.options().acknowledge(), duplicateOf.result(), thread.result(), addressed,
              Set.copyOf(participants.result()),
              mail.from() != null && mailbox.options().agents().isAgent(mail.from()), diversion.recognises(mail),
              recentAcknowledgments.result(),
              coordinators.withholdAcknowledgment(mailbox, mail, requester).orElse(null), Set.of(), null);
          return apply(tx, writes, mailbox, p, facts, contact.result());
        });
  }

  /** Files the mail as decided; a plug-in that declines it, or the coordinators' route, is a new fact to decide on. */
  private Future<IntakeOutcome> apply(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, MailFacts facts, Contact contact) {
    ParsedEmail mail = p.parsed();
    RawMessage raw = p.raw();
    MailDecision decision = decisions.decide(mail, facts);
    if (decision instanceof MailDecision.Duplicate duplicate) {
      log.info("intake duplicate skipped mailbox={} rawId={} uid={} ticketId={}",
          mailbox.name(), raw.id(), raw.uid(), duplicate.ticketId());
      return writes
          .mark(raw.id(), RawMessageRepository.State.DUPLICATE, null)
          .map(new IntakeOutcome(raw.id(), raw.uid(), null, IntakeOutcome.Kind.DUPLICATE, false));
    }
    if (decision instanceof MailDecision.Voicemail) {
      return diversion
          .divert(tx, mailbox, mail, p.attachments(), raw)
          .compose(diverted -> diverted == null
              ? apply(tx, writes, mailbox, p, facts.decline(MailFacts.Declined.VOICEMAIL), contact)
              : writes
                  .mark(raw.id(), RawMessageRepository.State.PROCESSED, null)
                  .map(new IntakeOutcome(raw.id(), raw.uid(), diverted, IntakeOutcome.Kind.FOLLOW_UP, false)));
    }
    if (decision instanceof MailDecision.SetAside setAside) {
      log.info("bounce set aside mailbox={} rawId={} uid={} originalMessageId={}",
          mailbox.name(), raw.id(), raw.uid(), mail.bounce() == null ? null : mail.bounce().originalMessageId());
      return markBounced(tx, mail)
          .compose(v -> writes.mark(raw.id(), RawMessageRepository.State.PROCESSED, setAside.reason()))
          .map(new IntakeOutcome(raw.id(), raw.uid(), null, IntakeOutcome.Kind.SET_ASIDE, false));
    }
    if (decision instanceof MailDecision.Bounce bounce) {
      return markBounced(tx, mail).compose(v -> followUp(tx, writes, mailbox, p, bounce.ticket(), false));
    }
    if (decision instanceof MailDecision.CoordinatorAction action) {
      return coordinators
          .coordinatorMail(tx, mailbox, mail, raw, action.thread(), action.addressedTicket(),
              (ticket, kind, replyText, warnings) -> storeMessage(tx, writes, mailbox, p, ticket, kind, replyText,
                  warnings))
          .compose(coordinated -> coordinated != null
              ? Future.succeededFuture(coordinated)
              : apply(tx, writes, mailbox, p, facts.decline(MailFacts.Declined.COORDINATOR), contact));
    }
    if (decision instanceof MailDecision.Stranger stranger) {
      return strangerMail(tx, writes, mailbox, p, stranger.ticket());
    }
    if (decision instanceof MailDecision.CustomerReply reply) {
      // may reopen the ticket, so it runs only once the mail is known to be this customer's reply
      return coordinators.customerReply(tx, mailbox, mail, reply.ticket())
          .compose(route -> apply(tx, writes, mailbox, p, facts.withRoute(route), contact));
    }
    if (decision instanceof MailDecision.FollowUp followUp) {
      return followUp(tx, writes, mailbox, p, followUp.ticket(), followUp.tellCoordinators())
          .compose(outcome -> coordinators
              .customerMailFiled(tx, mailbox, mail, outcome.ticketNumber(), null, followUp.addParticipants())
              .map(outcome));
    }
    MailDecision.NewTicket open = (MailDecision.NewTicket) decision;
    return openTicket(tx, writes, mailbox, p, MailDecisions.requester(mail), contact, open)
        .compose(outcome -> coordinators
            .customerMailFiled(tx, mailbox, mail, outcome.ticketNumber(), open.previous(), true)
            .map(outcome));
  }

  /** A delivery failure report about mail we sent marks that outbox row bounced. */
  private static Future<Void> markBounced(SqlClient tx, ParsedEmail mail) {
    String original = mail.bounce() == null ? null : mail.bounce().originalMessageId();
    return original == null ? Future.succeededFuture() : new OutboxRepository(tx).markBounced(original, bounceDetail(mail));
  }

  private static String bounceDetail(ParsedEmail mail) {
    String who = mail.bounce() == null || mail.bounce().recipient() == null ? "a recipient" : mail.bounce().recipient();
    String status =
        mail.bounce() == null || mail.bounce().status() == null ? "" : " (status " + mail.bounce().status() + ")";
    return "mail to " + who + " bounced" + status;
  }

  /**
   * A mail naming a ticket from someone who is not on it: kept on the ticket for a coordinator to read, and nothing
   * else. No participants from its To/Cc, no reopening, no automatic mail: otherwise guessing a ticket number would be
   * enough to read along or to make the help desk write to someone.
   */
  private Future<IntakeOutcome> strangerMail(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, Ticket ticket) {
    ParsedEmail mail = p.parsed();
    String warning = "stranger: the sender is not the requester, a participant or a coordinator of this ticket;"
        + " nothing was changed or sent";
    String reason = "a mail from someone who is not on the ticket was kept; nothing was changed or sent"
        + " (a coordinator's '#cc add <address>' makes them a participant)";
    return Future.all(
            storeMessage(tx, writes, mailbox, p, ticket, STRANGER, mail.reply(), List.of(warning)),
            new TicketRepository(tx).flag(ticket.id(), reason),
            writes.event(ticket.id(), "stranger-mail", new JsonObject().put("rawMessageId", p.raw().id())),
            writes.mark(p.raw().id(), RawMessageRepository.State.PROCESSED, null))
        .compose(v -> tell(writes, NotificationEvent.FLAGGED, ticket, p, mail.reply()))
        .map(v -> {
          log.info("stranger mail kept ticket={} mailbox={} uid={}", ticket.number(), mailbox.name(), p.raw().uid());
          return new IntakeOutcome(p.raw().id(), p.raw().uid(), ticket.number(), IntakeOutcome.Kind.STRANGER, false);
        });
  }

  /**
   * Tells the coordinators about this mail on the ticket, with the rest of the group's activity when the group's
   * writes are flushed; {@code text} is its new text or why it was flagged.
   */
  private static Future<Void> tell(BatchWrites writes, NotificationEvent event, Ticket ticket, PreparedMail p,
      String text) {
    EmailAddress from = p.parsed().from();
    String who = from == null ? "unknown sender"
        : (from.name() == null || from.name().isBlank() ? from.address() : from.name() + " <" + from.address() + ">");
    List<String> files = p.attachments().stream()
        .filter(a -> !a.inline())
        .map(a -> a.filename() + " (" + Text.bytes(a.size()) + (a.dropped() ? ", not stored" : "") + ")")
        .toList();
    return writes.tell(new TicketActivity(event, ticket.id(), source(p.raw()),
        from == null ? null : from.normalized(), who, "email", text, files));
  }

  /** What a notification about a mail is keyed by: the stored raw message, the same however often it is replayed. */
  private static String source(RawMessage raw) {
    return "raw:" + raw.id();
  }

  /**
   * The ticket this mail continues: by its per-ticket reply address, else by subject tag, else by In-Reply-To /
   * References, else none.
   */
  private Future<Ticket> findThread(SqlClient tx, ParsedEmail mail, Long addressed) {
    OptionalLong tagged = addressed != null ? OptionalLong.of(addressed) : subjectTag.find(mail.subject());
    Set<String> ids = new LinkedHashSet<>();
    if (mail.inReplyTo() != null) {
      ids.add(mail.inReplyTo());
    }
    ids.addAll(mail.references());
    if (mail.bounce() != null && mail.bounce().originalMessageId() != null) {
      ids.add(mail.bounce().originalMessageId());
    }
    if (tagged.isEmpty() && ids.isEmpty()) {
      return Future.succeededFuture();
    }
    Long number = tagged.isPresent() ? tagged.getAsLong() : null;
    return new TicketRepository(tx).findThread(number, new ArrayList<>(ids));
  }

  private Future<IntakeOutcome> openTicket(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, EmailAddress requester, Contact contact,
      MailDecision.NewTicket open) {
    ParsedEmail mail = p.parsed();
    Ticket previous = open.previous();
    boolean attention = mail.failed();
    String attentionReason = attention ? "the message could not be parsed; the raw message is kept" : null;
    String given =
        previous == null ? mail.subject() : subjectTag.strip(mail.subject(), previous.number()).replaceAll("\\s{2,}", " ");
    String subject = Text.truncate(Text.dbSafe(given.isBlank() ? "(no subject)" : given), MAX_SUBJECT);
    AcknowledgmentDecision decision = open.acknowledgment();
    // the ticket and the mail on it in one statement: one round trip less for most mails of a batch
    return new TicketRepository(tx)
        .createWithFirstMessage(
            new NewTicket(
                mailbox.id(), subject, mail.classification().kind() == MailKind.SPAM ? spamStatus : "new", "normal",
                contact == null ? null : contact.id(), "email", attention, attentionReason),
            message(mailbox, p, NewTicketMessage.NEW_TICKET, kind(mail), mail.reply(), List.of()))
        .compose(opened -> {
          Ticket ticket = opened.ticket();
          return Future.all(
                  stored(tx, writes, mailbox, p, ticket, opened.firstMessageId()),
                  writes.event(ticket.id(), "created", new JsonObject().put("channel", "email")),
                  acknowledgments.enqueue(tx, writes, mailbox, mail, requester, ticket, decision, coordinators),
                  writes.mark(p.raw().id(), RawMessageRepository.State.PROCESSED, null))
              .compose(v -> mail.classification().kind() == MailKind.SPAM
                  ? Future.<Void>succeededFuture()
                  : tell(writes, NotificationEvent.OPENED, ticket, p, mail.reply()))
              .compose(v -> writes.clock(ticket.id()))
              .map(v -> {
                log.info("ticket created ticket={} mailbox={} uid={} acknowledged={}",
                    ticket.number(), mailbox.name(), p.raw().uid(), decision.allowed());
                return new IntakeOutcome(p.raw().id(), p.raw().uid(), ticket.number(),
                    IntakeOutcome.Kind.NEW_TICKET, decision.allowed());
              });
        });
  }

  /** @param notify whether a person's mail is told to the coordinators (a bounce is told by its own rule) */
  private Future<IntakeOutcome> followUp(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, Ticket ticket, boolean notify) {
    ParsedEmail mail = p.parsed();
    Future<Void> flagged = Future.succeededFuture();
    if (mail.classification().kind() == MailKind.BOUNCE) {
      flagged = new TicketRepository(tx).flag(ticket.id(), bounceDetail(mail));
    }
    return Future.all(
            flagged,
            storeMessage(tx, writes, mailbox, p, ticket),
            new TicketRepository(tx).touch(ticket.id()),
            writes.event(ticket.id(), "message-received",
                new JsonObject().put("kind", kind(mail)).put("rawMessageId", p.raw().id())),
            writes.mark(p.raw().id(), RawMessageRepository.State.PROCESSED, null))
        .compose(v -> {
          if (mail.classification().kind() == MailKind.BOUNCE) {
            // a notification that bounced is not told about by notification: that would be a loop
            return MailDecisions.tellBounce(mail)
                ? tell(writes, NotificationEvent.FLAGGED, ticket, p, bounceDetail(mail))
                : Future.<Void>succeededFuture();
          }
          return notify ? tell(writes, NotificationEvent.REPLY, ticket, p, mail.reply()) : Future.<Void>succeededFuture();
        })
        // a requester's reply starts the next-response clock (the clock reads which messages count)
        .compose(v -> writes.clock(ticket.id()))
        .map(
            v -> {
              log.info("ticket updated ticket={} mailbox={} uid={} kind={}",
                  ticket.number(), mailbox.name(), p.raw().uid(), kind(mail));
              return new IntakeOutcome(p.raw().id(), p.raw().uid(), ticket.number(), IntakeOutcome.Kind.FOLLOW_UP, false);
            });
  }

  private Future<Long> storeMessage(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, Ticket ticket) {
    return storeMessage(tx, writes, mailbox, p, ticket, kind(p.parsed()), p.parsed().reply(), List.of());
  }

  /** Stores the mail on the ticket as {@code kind}, with {@code replyText} as its new text and extra warnings first. */
  private Future<Long> storeMessage(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, Ticket ticket, String kind,
      String replyText, List<String> extraWarnings) {
    return new TicketMessageRepository(tx)
        .insert(message(mailbox, p, ticket.id(), kind, replyText, extraWarnings))
        .compose(messageId -> stored(tx, writes, mailbox, p, ticket, messageId));
  }

  /** The mail as a timeline entry of {@code kind}, with {@code replyText} as its new text and extra warnings first. */
  private static NewTicketMessage message(
      MailboxContext mailbox, PreparedMail p, long ticketId, String kind, String replyText, List<String> extraWarnings) {
    ParsedEmail mail = p.parsed();
    List<String> warnings = new ArrayList<>(extraWarnings.stream().map(Text::dbSafe).toList());
    mail.warnings().forEach(w -> warnings.add(Text.dbSafe(w.code() + ": " + w.detail())));
    return new NewTicketMessage(
        ticketId,
        mailbox.id(),
        p.raw().id(),
        "inbound",
        kind,
        "email",
        Text.dbSafe(mail.messageId()),
        Text.dbSafe(mail.inReplyTo()),
        mail.references().stream().map(Text::dbSafe).toList(),
        mail.from() == null ? null : Text.dbSafe(mail.from().normalized()),
        mail.from() == null ? null : Text.dbSafe(mail.from().name()),
        addresses(mail.to()),
        addresses(mail.cc()),
        Text.dbSafe(mail.subject()),
        Text.dbSafe(mail.text()),
        Text.dbSafe(replyText),
        Text.dbSafe(mail.html()),
        mail.classification().kind().wireName(),
        warnings);
  }

  /** What follows the mail's timeline entry: its attachments, and a note on those the limits kept out. */
  private Future<Long> stored(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, PreparedMail p, Ticket ticket, long messageId) {
    writes.filedInbound(p.parsed().messageId(), ticket.id());
    AttachmentRepository attachments = new AttachmentRepository(tx);
    Future<Void> chain = Future.succeededFuture();
    for (NewAttachment a : p.attachments()) {
      chain = chain.compose(v -> attachments.insert(messageId, a).mapEmpty());
    }
    String dropped = droppedAttachments(p.attachments());
    if (dropped != null) {
      log.info("attachments not stored ticket={} mailbox={} uid={} count={}", ticket.number(),
          mailbox.name(), p.raw().uid(), p.attachments().stream().filter(NewAttachment::dropped).count());
      chain = chain.compose(v -> note(tx, ticket, dropped));
    }
    return chain.map(messageId);
  }

  /** The system note for attachments over the limits, or null when every attachment was stored. */
  private String droppedAttachments(List<NewAttachment> attachments) {
    List<String> lines = new ArrayList<>();
    for (NewAttachment a : attachments) {
      if (a.dropped()) {
        String why = a.size() > parser.limits().maxAttachmentBytes()
            ? "over limits.maxAttachmentBytes " + Text.bytes(parser.limits().maxAttachmentBytes())
            : "over limits.maxAttachments " + parser.limits().maxAttachments();
        lines.add("- " + a.filename() + " (" + Text.bytes(a.size()) + ", " + why + ")");
      }
    }
    if (lines.isEmpty()) {
      return null;
    }
    return "Attachments not stored, because of the configured limits (the raw message still holds them):\n"
        + String.join("\n", lines);
  }

  private Future<Void> note(SqlClient tx, Ticket ticket, String text) {
    return new TicketMessageRepository(tx).insert(NewTicketMessage.systemNote(ticket.id(), text)).mapEmpty();
  }

  private static String kind(ParsedEmail mail) {
    return mail.classification().kind() == MailKind.HUMAN ? "customer" : mail.classification().kind().wireName();
  }

  private static List<String> addresses(List<EmailAddress> list) {
    return list.stream().map(a -> Text.dbSafe(a.normalized())).toList();
  }
}
