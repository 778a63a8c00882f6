package dev.switchboard.gateway.agent;

import dev.switchboard.gateway.config.AgentOptions;
import dev.switchboard.gateway.config.HttpOptions;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.NotificationOptions;
import dev.switchboard.gateway.intake.Coordinators;
import dev.switchboard.gateway.intake.IntakeOutcome;
import dev.switchboard.gateway.intake.LoopGuard;
import dev.switchboard.gateway.intake.MailboxContext;
import dev.switchboard.gateway.intake.ResponseTemplates;
import dev.switchboard.gateway.intake.ThreadSubject;
import dev.switchboard.gateway.notify.CoordinatorNotifier;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.MailKind;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.OutboxRepository;
import dev.switchboard.store.Participant;
import dev.switchboard.store.ParticipantRepository;
import dev.switchboard.store.RawMessage;
import dev.switchboard.store.RawMessageRepository;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinators' side of the mail workflow. A coordinator's reply to a ticket is relayed to the requester (new
 * text only, from the mailbox address); commands at its top change the ticket; {@code #note} keeps it internal. Nothing
 * is applied unless the mail is authenticated ({@link AgentAuthentication}), or was sent to the reply address issued to
 * that coordinator ({@link ReplyToken}) and our server saw no failure for its domain; a mail that is not is kept as an
 * unverified note and answered never. Customers' replies to resolved tickets reopen them within the window, later ones
 * open a new ticket; people copied on the requester's own mail become participants, and coordinators add or remove
 * them with {@code #cc}.
 */
public final class AgentRouter implements Coordinators {
  private static final Logger log = LoggerFactory.getLogger(AgentRouter.class);
  static final String AGENT_MAIL = "agent-mail";
  static final String AGENT_REPLY = "agent-reply";
  static final String AGENT_NOTICE = "agent-notice";
  static final String NOTE = "note";
  static final String UNVERIFIED = "unverified";
  /** The outbox kind and notification header of a coordinator's receipt. */
  public static final String RECEIPT = "receipt";
  private static final int MAX_PARTICIPANTS_PER_MAIL = 20;

  private final TicketDesk desk;
  private final ReplyToken tokens;
  private final CommandParser commands;
  private final Set<String> ownAddresses;
  private final Map<String, AgentAuthentication> authentication;
  private Notifier notifier = Notifier.NONE;
  private boolean receipts = true;
  private NotificationOptions notificationOptions = NotificationOptions.DEFAULTS;
  private HttpOptions http;

  /** @param tokens per-ticket reply addresses, or null when no secret is configured */
  public AgentRouter(TicketDesk desk, ReplyToken tokens, Set<String> ownAddresses, List<MailboxOptions> mailboxes) {
    this.desk = desk;
    this.tokens = tokens;
    this.commands = new CommandParser(desk.options().statuses(), desk.options().priorities());
    this.ownAddresses = Set.copyOf(ownAddresses);
    Map<String, AgentAuthentication> auth = new LinkedHashMap<>();
    mailboxes.forEach(m -> auth.put(m.name(), new AgentAuthentication(m.agents().trustedAuthservIds())));
    this.authentication = Map.copyOf(auth);
  }

  /**
   * Whether a coordinator whose {@code #commands} changed a ticket gets a short mail saying what changed
   * ({@code notifications.receipts}), and where its ticket link points. Call once, before deploying.
   */
  public AgentRouter receiptsWith(NotificationOptions options, HttpOptions http) {
    this.receipts = options.receipts();
    this.notificationOptions = options;
    this.http = http;
    return this;
  }

  /** Tells coordinators when a coordinator's mail could not be verified. Call once, before deploying. */
  public AgentRouter notifyWith(Notifier notifier) {
    this.notifier = notifier;
    return this;
  }

  @Override
  public Long addressedTicket(MailboxContext mailbox, ParsedEmail mail) {
    if (tokens == null) {
      return null;
    }
    ReplyToken.Match match = tokens.find(mailbox.options().address(), recipients(mail), sender(mail));
    if (match instanceof ReplyToken.Match.Valid valid) {
      return valid.ticketNumber();
    }
    if (match instanceof ReplyToken.Match.Forged forged) {
      // treated as mail to the plain mailbox address: threading by tag and references still applies
      log.warn("reply token rejected mailbox={} messageId={}", mailbox.name(), mail.messageId());
      log.debug("reply token rejected address={}", forged.address());
    }
    return null;
  }

  @Override
  public Optional<String> withholdAcknowledgment(MailboxContext mailbox, ParsedEmail mail, EmailAddress requester) {
    if (requester == null || !mailbox.options().agents().isAgent(requester)) {
      return Optional.empty();
    }
    EmailAddress from = mail.from();
    AgentAuthentication.Verdict verdict = from != null && from.normalized().equals(requester.normalized())
        ? authentication.get(mailbox.name()).verify(mail.headerValues("Authentication-Results"), from.domain())
        : new AgentAuthentication.Verdict(false, "Reply-To names a coordinator, From someone else");
    return verdict.verified()
        ? Optional.empty()
        : Optional.of("the sender is a coordinator's address and could not be verified (" + verdict.reason() + ")");
  }

  @Override
  public JsonObject replyHeaders(MailboxContext mailbox, long ticketNumber) {
    return desk.replyHeaders(mailbox, ticketNumber);
  }

  /** Whether the mail went to the reply address issued to its From (a coordinator) for this very ticket. */
  private boolean sentToOwnReplyAddress(MailboxContext mailbox, ParsedEmail mail, Ticket ticket) {
    return tokens != null
        && tokens.find(mailbox.options().address(), recipients(mail), sender(mail)) instanceof ReplyToken.Match.Valid v
        && v.coordinator()
        && v.ticketNumber() == ticket.number();
  }

  private static String sender(ParsedEmail mail) {
    return mail.from() == null ? null : mail.from().normalized();
  }

  private static List<String> recipients(ParsedEmail mail) {
    List<String> all = new ArrayList<>();
    Stream.concat(mail.to().stream(), mail.cc().stream()).map(EmailAddress::address).forEach(all::add);
    for (String header : List.of("Delivered-To", "X-Original-To")) {
      mail.headerValues(header).forEach(v -> all.addAll(List.of(v.split("[,\\s]+"))));
    }
    return all;
  }

  @Override
  public Future<IntakeOutcome> coordinatorMail(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, RawMessage raw, Ticket ticket, Long addressedTicket,
      MessageWriter writer) {
    EmailAddress sender = mail.from();
    AgentOptions agents = mailbox.options().agents();
    if (!agents.isAgent(sender) || mail.failed() || !LoopGuard.machineEvidence(mail).isEmpty()) {
      // machine mail from a coordinator's domain (an out-of-office, a bounce) is filed like anyone's: never a command
      return Future.succeededFuture();
    }
    if (ticket != null && sender.normalized().equalsIgnoreCase(String.valueOf(ticket.requesterEmail()))) {
      // a coordinator replying on their own request is its requester
      return Future.succeededFuture();
    }
    CommandParser.Parsed parsed = commands.parse(mail.reply().isBlank() ? mail.text() : mail.reply());
    if (ticket == null) {
      OptionalLong tagged = desk.subjectTag().find(mail.subject());
      Long named = addressedTicket != null ? addressedTicket : (tagged.isPresent() ? tagged.getAsLong() : null);
      if (named == null && parsed.commands().isEmpty()) {
        // a new mail, not a reply: a coordinator's own request opens a ticket like anyone's
        return Future.succeededFuture();
      }
      String problem = named != null
          ? "ticket " + desk.subjectTag().tag(named) + " does not exist"
          : "the mail names no ticket: reply to a ticket's mail and keep its tag (e.g. "
              + desk.subjectTag().tag(1042) + ") in the subject";
      AgentAuthentication.Verdict verdict =
          authentication.get(mailbox.name()).verify(mail.headerValues("Authentication-Results"), sender.domain());
      if (!verdict.verified()) {
        // anyone can write a coordinator's From: answering would send our mail to whoever they chose (backscatter)
        log.warn("coordinator mail for no ticket unverified, not answered mailbox={} rawId={} reason={}",
            mailbox.name(), raw.id(), verdict.reason());
        return processed(tx, raw, Text.truncate("coordinator mail not applied and not answered: " + problem
                + "; the sender could not be verified (" + verdict.reason() + ")", 500))
            .map(outcome(raw, null, false));
      }
      log.info("coordinator mail for no ticket mailbox={} rawId={} named={}", mailbox.name(), raw.id(), named);
      return notice(tx, mailbox, mail, null, List.of(problem))
          .compose(v -> processed(tx, raw, "coordinator mail not applied: " + problem))
          .map(outcome(raw, null, true));
    }
    // the requester's reply address threads the mail but proves nothing about who sent it
    boolean own = sentToOwnReplyAddress(mailbox, mail, ticket);
    AgentAuthentication.Verdict checked =
        authentication.get(mailbox.name()).verify(mail.headerValues("Authentication-Results"), sender.domain(), own);
    AgentAuthentication.Verdict verdict =
        !checked.verified() && !own && addressedTicket != null && addressedTicket == ticket.number()
            ? new AgentAuthentication.Verdict(false, checked.reason()
                + "; the requester's reply address does not vouch for a coordinator, only their own one does")
            : checked;
    String actor = sender.normalized();
    if (!verdict.verified()) {
      log.warn("coordinator mail unverified ticket={} mailbox={} rawId={} reason={}", ticket.number(), mailbox.name(),
          raw.id(), verdict.reason());
      return Future.all(
              writer.store(ticket, UNVERIFIED, mail.reply(), List.of("unverified: " + verdict.reason())),
              new TicketRepository(tx).flag(ticket.id(), Text.truncate("a coordinator's mail could not be verified ("
                  + verdict.reason() + "); it was kept as a note and nothing was applied or sent", 500)),
              event(tx, ticket, actor, "coordinator-mail-unverified",
                  new JsonObject().put("reason", verdict.reason()).put("rawMessageId", raw.id())))
          // no actor: the sender is exactly what could not be verified, so the coordinator named in From is told too
          .compose(v -> notifier.notify(tx, new TicketActivity(NotificationEvent.FLAGGED, ticket.id(),
              "raw:" + raw.id(), null, sender.address() + " (unverified)", "email", mail.reply(), List.of())))
          .compose(v -> processed(tx, raw, null))
          .map(outcome(raw, ticket, false));
    }
    List<String> problems = new ArrayList<>(parsed.errors());
    List<CommandParser.Cc> ccs = parsed.commands().stream()
        .filter(c -> c instanceof CommandParser.Cc).map(CommandParser.Cc.class::cast).toList();
    ccs.forEach(c -> ccProblem(mailbox, ticket, c).ifPresent(problems::add));
    boolean note = parsed.isNote();
    boolean relay = !note && !parsed.body().isBlank();
    if (relay && ticket.requesterEmail() == null) {
      problems.add("ticket " + desk.subjectTag().tag(ticket.number()) + " has no requester address to send the reply"
          + " to; use #note to keep it on the ticket");
    }
    if (!problems.isEmpty()) {
      log.info("coordinator mail rejected ticket={} mailbox={} rawId={} problems={}", ticket.number(), mailbox.name(),
          raw.id(), problems.size());
      return Future.all(
              writer.store(ticket, AGENT_MAIL, mail.reply(), problems.stream().map(p -> "not applied: " + p).toList()),
              event(tx, ticket, actor, "coordinator-mail-rejected",
                  new JsonObject().put("problems", new JsonArray(problems)).put("rawMessageId", raw.id())),
              notice(tx, mailbox, mail, ticket, problems))
          .compose(v -> processed(tx, raw, null))
          .map(outcome(raw, ticket, true));
    }
    TicketDesk.Change change = change(parsed.commands(), ticket, relay);
    return writer
        .store(ticket, note ? NOTE : AGENT_MAIL, parsed.body(), List.of())
        .compose(v -> desk.participants(tx, ticket, ccs, actor))
        .compose(v -> relay ? relay(tx, mailbox, ticket, sender, parsed.body()) : Future.succeededFuture())
        .compose(v -> parsed.commands().stream().anyMatch(c -> c instanceof CommandParser.ClearAttention)
            ? desk.clearAttention(tx, ticket.id(), actor) : Future.<Void>succeededFuture())
        .compose(v -> desk.change(tx, ticket.id(), change, actor, mailbox))
        .compose(changed -> receipt(tx, mailbox, mail, ticket, changed.after(), parsed.commands()).map(changed))
        .compose(
            changed ->
                Future.all(
                        event(tx, ticket, actor, "coordinator-mail",
                            new JsonObject()
                                .put("relayed", relay)
                                .put("note", note)
                                .put("commands", new JsonArray(parsed.commands().stream().map(Object::toString).toList()))
                                .put("verifiedBy", verdict.reason())
                                .put("rawMessageId", raw.id())),
                        processed(tx, raw, null))
                    .map(v -> {
                      log.info("coordinator mail applied ticket={} mailbox={} rawId={} relayed={} note={} commands={}",
                          ticket.number(), mailbox.name(), raw.id(), relay, note, parsed.commands().size());
                      return outcome(raw, ticket, relay || changed.mailQueued()).apply(null);
                    }));
  }

  /** Why an address cannot be added as a participant: the requester, a coordinator or one of our own addresses. */
  private Optional<String> ccProblem(MailboxContext mailbox, Ticket ticket, CommandParser.Cc cc) {
    if (!cc.add()) {
      return Optional.empty();
    }
    EmailAddress address = EmailAddress.of(cc.email());
    String why = null;
    if (cc.email().equalsIgnoreCase(String.valueOf(ticket.requesterEmail()))) {
      why = "is the ticket's requester";
    } else if (mailbox.options().agents().isAgent(address)) {
      why = "is a coordinator; coordinators are never participants";
    } else if (ours(mailbox, address)) {
      why = "is one of the help desk's own addresses";
    }
    return why == null ? Optional.empty() : Optional.of("#cc add " + cc.email() + ": the address " + why);
  }

  /** Our own addresses, including the mailbox's plus addresses (reply addresses). */
  private boolean ours(MailboxContext mailbox, EmailAddress a) {
    String mailboxLocal = mailbox.options().emailAddress().localPart().toLowerCase(Locale.ROOT);
    String mailboxDomain = mailbox.options().emailAddress().domain();
    return ownAddresses.contains(a.normalized())
        || (a.domain().equals(mailboxDomain) && a.localPart().toLowerCase(Locale.ROOT).startsWith(mailboxLocal + "+"));
  }

  private static TicketDesk.Change change(List<CommandParser.Command> list, Ticket ticket, boolean relay) {
    String status = null;
    String priority = null;
    boolean assigneeGiven = false;
    String assignee = null;
    LocalDate holdUntil = null;
    for (CommandParser.Command c : list) {
      if (c instanceof CommandParser.SetStatus s) {
        status = s.status();
      } else if (c instanceof CommandParser.Hold h) {
        status = h.status();
        holdUntil = h.until();
      } else if (c instanceof CommandParser.SetPriority p) {
        priority = p.priority();
      } else if (c instanceof CommandParser.Assign a) {
        assigneeGiven = true;
        assignee = a.assignee();
      }
    }
    if (status == null && relay && "new".equals(ticket.status())) {
      // someone answered: the ticket is being worked on
      status = "open";
    }
    return new TicketDesk.Change(status, priority, assigneeGiven, assignee, holdUntil);
  }

  /** The coordinator's new text to the requester and the participants, from the mailbox; starts no loop guard. */
  private Future<Void> relay(SqlClient tx, MailboxContext mailbox, Ticket ticket, EmailAddress agent, String body) {
    Map<String, Object> scope = desk.scope(mailbox, ticket);
    scope.put("body", body);
    scope.put("agentName", agent.name());
    String mailboxName = TicketDesk.displayName(mailbox);
    String fromName = mailbox.options().agents().showAgentName() && agent.name() != null
        ? agent.name() + " via " + mailboxName
        : mailbox.options().displayName();
    return Future.all(
            desk.sendToRequester(tx, mailbox, ticket, OutgoingMail.Kind.AGENT_REPLY, AGENT_REPLY, scope, fromName),
            new TicketRepository(tx).markFirstResponse(ticket.id()))
        // the reply stops the first-response clock (and a pending next-response one)
        .compose(v -> desk.updateDue(tx, ticket.id()));
  }

  /**
   * The coordinator's receipt: what their commands changed, old to new, in their thread about the ticket (the same
   * subject, a reply to their mail and to the root of their notification thread), from the mailbox through the
   * outbox. Only for a mail with commands that changed something.
   */
  private Future<Void> receipt(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, Ticket before, Ticket after,
      List<CommandParser.Command> commands) {
    if (!receipts || commands.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> changes = Receipt.changes(before, after, commands);
    if (changes.isEmpty()) {
      return Future.succeededFuture();
    }
    String coordinator = mail.from().normalized();
    String root = CoordinatorNotifier.rootMessageId(mailbox.options().address(), before.number(), coordinator);
    List<String> thread = new ArrayList<>();
    thread.add(root);
    mail.references().stream().filter(r -> !r.equals(root)).forEach(thread::add);
    String url = http == null ? desk.subjectTag().tag(before.number())
        : notificationOptions.ticketUrl(http, before.number());
    OutgoingMail.Builder receipt = OutgoingMail.builder(
            OutgoingMail.Kind.RECEIPT, mailbox.id(), mailbox.options().address())
        .fromName(mailbox.options().displayName())
        .ticket(before.id(), before.number())
        .to(List.of(mail.from().address()))
        .subject(ThreadSubject.forCoordinator(desk.subjectTag(), before.number(), before.subject()))
        .header("X-Switchboard-Notification", RECEIPT)
        // the coordinator's own reply address for the ticket, never the requester's
        .headers(desk.coordinatorReplyHeaders(mailbox, before.number(), coordinator))
        .body(Receipt.body(desk.subjectTag().tag(before.number()), changes, url, TicketDesk.displayName(mailbox)));
    // a reply to their mail, in the thread rooted at their first notification about the ticket
    OutgoingMail out = (mail.messageId() == null ? receipt.inConversation(thread)
        : receipt.answering(mail.messageId(), thread)).build();
    return new OutboxRepository(tx).enqueue(out.outboxRow())
        .onSuccess(id -> log.info("receipt queued ticket={} mailbox={} changes={}", before.number(), mailbox.name(),
            changes.size()))
        .mapEmpty();
  }

  /** A short automatic answer to the coordinator saying what was wrong; on the ticket's timeline when there is one. */
  private Future<Void> notice(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, Ticket ticket, List<String> problems) {
    Map<String, Object> scope = new java.util.HashMap<>();
    scope.put("tag", ticket == null ? null : desk.subjectTag().tag(ticket.number()));
    String original = ticket == null ? mail.subject() : desk.stripTag(mail.subject(), ticket.number());
    scope.put("originalSubject", original.isBlank() ? "(no subject)" : original);
    scope.put("problems", problems);
    scope.put("statuses", String.join(", ", desk.options().statuses()));
    scope.put("priorities", String.join(", ", desk.options().priorities()));
    scope.put("mailboxName", TicketDesk.displayName(mailbox));
    ResponseTemplates.Rendered rendered =
        desk.templates().render(mailbox.options().templatesDirectory(), AGENT_NOTICE, scope);
    OutgoingMail.Builder notice = OutgoingMail.builder(
            OutgoingMail.Kind.AGENT_NOTICE, mailbox.id(), mailbox.options().address())
        .fromName(mailbox.options().displayName())
        .to(List.of(mail.from().address()))
        // about a ticket: the coordinator's one subject for it, so the notice stays in their thread (no "Re: Re:")
        .subject(ticket == null ? rendered.subject()
            : ThreadSubject.forCoordinator(desk.subjectTag(), ticket.number(), ticket.subject()))
        .answering(mail.messageId(), mail.references())
        .body(rendered.body());
    OutboxRepository outbox = new OutboxRepository(tx);
    if (ticket == null) {
      return outbox.enqueue(notice.build().outboxRow()).mapEmpty();
    }
    OutgoingMail out = notice.ticket(ticket.id(), ticket.number())
        // the coordinator's own reply address for the ticket, never the requester's
        .headers(desk.coordinatorReplyHeaders(mailbox, ticket.number(), mail.from().normalized()))
        .build();
    return outbox.enqueueWithMessage(out.timelineEntry(), out.outboxRow()).mapEmpty();
  }

  @Override
  public Future<CustomerRoute> customerReply(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, Ticket ticket) {
    boolean finished = "resolved".equals(ticket.status()) || "closed".equals(ticket.status());
    // From, as the intake decided who the sender is: Reply-To is where answers go, and anyone can write it
    EmailAddress sender = mail.from();
    if (!finished || sender == null || !human(mail)) {
      return Future.succeededFuture(CustomerRoute.followUp(ticket));
    }
    return onTicket(tx, ticket, sender.normalized())
        .compose(
            member -> {
              if (!member) {
                // someone else writing about a finished ticket adds to it, but does not reopen it
                return Future.succeededFuture(CustomerRoute.followUp(ticket));
              }
              OffsetDateTime resolved = ticket.resolvedAt();
              boolean inWindow =
                  "resolved".equals(ticket.status())
                      && resolved != null
                      && resolved.plusDays(desk.options().reopenWindowDays()).isAfter(desk.responseClock().now().atOffset(resolved.getOffset()));
              if (!inWindow) {
                log.info("reply to finished ticket opens a new one ticket={} status={} mailbox={}", ticket.number(),
                    ticket.status(), mailbox.name());
                return Future.succeededFuture(CustomerRoute.newTicketAfter(ticket));
              }
              return desk.change(tx, ticket.id(), TicketDesk.Change.status("open"), sender.normalized(), mailbox)
                  .map(changed -> {
                    log.info("ticket reopened by reply ticket={} mailbox={}", ticket.number(), mailbox.name());
                    return CustomerRoute.followUp(changed.after());
                  });
            });
  }

  /** Whether the address is the ticket's requester or one of its participants. */
  private static Future<Boolean> onTicket(SqlClient tx, Ticket ticket, String address) {
    if (address.equalsIgnoreCase(String.valueOf(ticket.requesterEmail()))) {
      return Future.succeededFuture(true);
    }
    return new ParticipantRepository(tx).emails(ticket.id()).map(list -> list.contains(address));
  }

  @Override
  public Future<Void> customerMailFiled(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, long ticketNumber, Ticket previous,
      boolean addParticipants) {
    List<Future<Void>> all = new ArrayList<>();
    if (previous != null) {
      all.add(new TicketRepository(tx).setFollows(ticketNumber, previous.number()));
    }
    if (addParticipants && human(mail)) {
      List<Participant> people = participants(mailbox, mail);
      if (!people.isEmpty()) {
        all.add(new ParticipantRepository(tx).add(ticketNumber, people));
      }
    }
    return Future.all(all).mapEmpty();
  }

  /**
   * The people a customer's mail was also addressed to, as future participants: not our own addresses (nor reply
   * addresses), not the mailbox's coordinators, not the sender; at most {@value #MAX_PARTICIPANTS_PER_MAIL}.
   */
  List<Participant> participants(MailboxContext mailbox, ParsedEmail mail) {
    EmailAddress sender = requester(mail);
    Map<String, Participant> out = new LinkedHashMap<>();
    for (EmailAddress a : Stream.concat(mail.to().stream(), mail.cc().stream()).toList()) {
      String email = a.normalized();
      boolean ours = ours(mailbox, a);
      boolean self = email.equals(sender == null ? null : sender.normalized())
          || (mail.from() != null && email.equals(mail.from().normalized()));
      if (ours || self || mailbox.options().agents().isAgent(a) || !email.contains("@")
          || out.size() >= MAX_PARTICIPANTS_PER_MAIL) {
        continue;
      }
      out.putIfAbsent(email, new Participant(Text.dbSafe(email), Text.dbSafe(a.name())));
    }
    return List.copyOf(out.values());
  }

  private static boolean human(ParsedEmail mail) {
    return !mail.failed() && mail.classification().kind() == MailKind.HUMAN && LoopGuard.machineEvidence(mail).isEmpty();
  }

  /** Who a customer's mail is from: Reply-To when the sender set one, else From (as the intake reads it). */
  private static EmailAddress requester(ParsedEmail mail) {
    return mail.replyTo().isEmpty() ? mail.from() : mail.replyTo().get(0);
  }

  private static Future<Void> event(SqlClient tx, Ticket ticket, String actor, String type, JsonObject detail) {
    return new TicketEventRepository(tx).append(ticket.id(), actor, type, detail);
  }

  private static Future<Void> processed(SqlClient tx, RawMessage raw, String note) {
    return new RawMessageRepository(tx).mark(raw.id(), RawMessageRepository.State.PROCESSED, note);
  }

  private static java.util.function.Function<Object, IntakeOutcome> outcome(
      RawMessage raw, Ticket ticket, boolean mailQueued) {
    return ignored ->
        new IntakeOutcome(raw.id(), raw.uid(), ticket == null ? null : ticket.number(), IntakeOutcome.Kind.COORDINATOR,
            mailQueued);
  }
}
