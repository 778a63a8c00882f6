package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.Addresses;
import dev.switchboard.gateway.config.AfterImport;
import dev.switchboard.gateway.outgoing.OutgoingMail;
import dev.switchboard.gateway.mail.FetchedBatch;
import dev.switchboard.gateway.mail.FetchedMessage;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.gateway.support.Failures;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.EmailParser;
import dev.switchboard.parser.MailKind;
import dev.switchboard.parser.ParsedAttachment;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.AttachmentRepository;
import dev.switchboard.store.BlobSource;
import dev.switchboard.store.ChunkedRawStore;
import dev.switchboard.store.Contact;
import dev.switchboard.store.IncomingRaw;
import dev.switchboard.store.MailboxRepository;
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
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns committed raw messages into tickets. The order of work is what keeps the invariants:
 *
 * <ol>
 *   <li>{@link #commit}: the raw bytes and the mailbox's new UID high-water mark, in one transaction;
 *   <li>{@link #processPending}: parse off the event loop, then in one transaction per batch create or update the
 *       tickets, enqueue acknowledgments and mark the raw messages processed; a batch that fails is retried one
 *       message per transaction, so one bad message cannot hold up the others;
 *   <li>only then is the IMAP after-import policy applied ({@link #awaitingPolicy}, {@link #policyApplied}).
 * </ol>
 *
 * A crash between any two steps leaves work that the next run picks up from the database, and unique keys on
 * (mailbox, UIDVALIDITY, UID), on the inbound Message-ID per mailbox and on one acknowledgment per ticket make doing
 * it again harmless.
 */
public final class MailIntake {
  private static final Logger log = LoggerFactory.getLogger(MailIntake.class);
  private static final String ACKNOWLEDGMENT = "acknowledgment";
  /** The timeline kind of a mail about a ticket from someone who is not on it. */
  public static final String STRANGER = "stranger";
  private static final int MAX_SUBJECT = 998;
  private static final int PARSE_PARALLELISM = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final Pool pool;
  private final EmailParser parser;
  private final SubjectTag subjectTag;
  private final MailDecisions decisions;
  private final ResponseTemplates templates;
  private MailDiversion diversion = MailDiversion.NONE;
  private Coordinators coordinators = Coordinators.NONE;
  private Notifier notifier = Notifier.NONE;
  private ResponseClock responseClock = ResponseClock.OFF;
  private final BatchPartitioner partitioner;
  private final String spamStatus;
  private final int concurrency;

  /**
   * @param concurrency how many transactions one batch may use at once; keep it below the pool size so the other
   *     verticles still get connections
   */
  public MailIntake(
      Vertx vertx, Pool pool, EmailParser parser, SubjectTag subjectTag, LoopGuard loopGuard,
      ResponseTemplates templates, String spamStatus, int concurrency) {
    this.vertx = vertx;
    this.spamStatus = spamStatus;
    this.pool = pool;
    this.parser = parser;
    this.subjectTag = subjectTag;
    this.decisions = new MailDecisions(loopGuard);
    this.templates = templates;
    this.partitioner = new BatchPartitioner(subjectTag);
    this.concurrency = Math.max(1, concurrency);
  }

  /**
   * A raw message just committed, handed forward to processing: its bytes as fetched (not read back from the
   * database), or for a large message an empty content and the spool file it was fetched to.
   */
  public record CommittedMail(RawMessage raw, Path spool) {
    public CommittedMail {
      Objects.requireNonNull(raw, "raw");
    }
  }

  /**
   * Commits fetched raw bytes and advances the mailbox's UID high-water mark, atomically; returns the messages it
   * stored, in id order, for {@link #process}. Messages stored before (a re-fetch) are not returned.
   */
  public Future<List<CommittedMail>> commit(MailboxContext mailbox, FetchedBatch batch) {
    if (batch.messages().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<IncomingRaw> raws = new ArrayList<>(batch.messages().size());
    List<FetchedMessage> spooled = new ArrayList<>();
    for (FetchedMessage m : batch.messages()) {
      if (m.spooled()) {
        spooled.add(m);
      } else {
        raws.add(new IncomingRaw(m.uid(), m.content()));
      }
    }
    List<CommittedMail> committed = new ArrayList<>(batch.messages().size());
    return pool.withTransaction(
            tx ->
                new RawMessageRepository(tx)
                    .store(mailbox.id(), batch.uidValidity(), raws)
                    .compose(stored -> {
                      stored.forEach(r -> committed.add(new CommittedMail(r, null)));
                      return commitSpooled(tx, mailbox, batch.uidValidity(), spooled, 0, committed);
                    })
                    .compose(v -> new MailboxRepository(tx)
                        .saveProgress(mailbox.id(), batch.uidValidity(), batch.highestUid())))
        .map(v -> {
          committed.sort(Comparator.comparingLong(c -> c.raw().id()));
          return committed;
        });
  }

  /**
   * Large messages (over {@code imap.largeMessageBytes}) arrive in temporary files and are streamed from there into
   * chunk rows, in the same transaction as the rest of the batch; the caller deletes the files once processed.
   */
  private Future<Void> commitSpooled(SqlClient tx, MailboxContext mailbox, long uidValidity, List<FetchedMessage> spooled,
      int index, List<CommittedMail> committed) {
    if (index == spooled.size()) {
      return Future.succeededFuture();
    }
    FetchedMessage m = spooled.get(index);
    return vertx.executeBlocking(m::size, false)
        .compose(size -> new ChunkedRawStore(tx).store(mailbox.id(), uidValidity, m.uid(), size,
            BlobSource.of(vertx, m.spool())))
        .compose(id -> {
          if (id != null) {
            committed.add(new CommittedMail(new RawMessage(id, mailbox.id(), uidValidity, m.uid(), new byte[0]),
                m.spool()));
          }
          return commitSpooled(tx, mailbox, uidValidity, spooled, index + 1, committed);
        });
  }

  /**
   * Processes messages {@link #commit} just returned, from the bytes in hand, in batches of {@code batchSize}. The
   * database is not read: what a failure leaves unprocessed stays pending for {@link #processPending}.
   */
  public Future<List<IntakeOutcome>> process(MailboxContext mailbox, List<CommittedMail> committed, int batchSize) {
    List<IntakeOutcome> all = new ArrayList<>();
    if (committed.isEmpty()) {
      return Future.succeededFuture(all);
    }
    return slice(committed, 0, batchSize)
        .compose(first -> storeLoop(mailbox, first,
            current -> current.end() >= committed.size()
                ? Future.succeededFuture(LoadedBatch.EMPTY)
                : slice(committed, current.end(), batchSize),
            all))
        .map(all);
  }

  private Future<LoadedBatch> slice(List<CommittedMail> committed, int from, int batchSize) {
    int end = Math.min(committed.size(), from + batchSize);
    return prepareInParallel(committed.subList(from, end)).map(prepared -> new LoadedBatch(prepared, end));
  }

  /**
   * Processes every committed but unprocessed message of the mailbox, in batches of {@code batchSize}, reading them
   * back from the database: the work a crash, a failed cycle or another instance left behind.
   */
  public Future<List<IntakeOutcome>> processPending(MailboxContext mailbox, int batchSize) {
    List<IntakeOutcome> all = new ArrayList<>();
    return load(mailbox, 0, batchSize)
        .compose(first -> storeLoop(mailbox, first,
            current -> current.prepared().size() < batchSize
                ? Future.succeededFuture(LoadedBatch.EMPTY)
                : load(mailbox, current.lastId(), batchSize),
            all))
        .map(all);
  }

  /** A batch parsed, ready to be stored; {@code end} is where it ended in the list it was cut from. */
  private record LoadedBatch(List<PreparedMail> prepared, int end) {
    static final LoadedBatch EMPTY = new LoadedBatch(List.of(), 0);

    long lastId() {
      return prepared.get(prepared.size() - 1).raw().id();
    }
  }

  private Future<LoadedBatch> load(MailboxContext mailbox, long afterId, int batchSize) {
    return new RawMessageRepository(pool)
        .pending(mailbox.id(), afterId, batchSize)
        .compose(
            raws -> raws.isEmpty()
                ? Future.succeededFuture(LoadedBatch.EMPTY)
                : prepareInParallel(raws.stream().map(r -> new CommittedMail(r, null)).toList())
                    .map(prepared -> new LoadedBatch(prepared, raws.size())));
  }

  /**
   * Stores one batch while the next is parsed: the parse is CPU work and the store mostly waits on the database, so
   * overlapping them keeps both cores busy. Batches are still stored strictly one after the other, so a reply is never
   * stored before the mail it answers.
   */
  private Future<Void> storeLoop(MailboxContext mailbox, LoadedBatch current,
      Function<LoadedBatch, Future<LoadedBatch>> nextOf, List<IntakeOutcome> all) {
    if (current.prepared().isEmpty()) {
      return Future.succeededFuture();
    }
    Future<LoadedBatch> next = nextOf.apply(current);
    return storeBatch(mailbox, current.prepared())
        .onFailure(e -> next.onSuccess(n -> closeAll(n.prepared())))
        .compose(
            outcomes -> {
              all.addAll(outcomes);
              // acknowledgments and coordinators' notifications: wake the sender rather than wait for its timer
              if (!outcomes.isEmpty()) {
                vertx.eventBus().publish(Addresses.OUTBOX_ENQUEUED, mailbox.id());
              }
              return next.compose(n -> storeLoop(mailbox, n, nextOf, all));
            });
  }

  public Future<List<Long>> awaitingPolicy(MailboxContext mailbox, long uidValidity, int limit) {
    return new RawMessageRepository(pool).awaitingPolicy(mailbox.id(), uidValidity, limit);
  }

  public Future<Void> policyApplied(MailboxContext mailbox, long uidValidity, List<Long> uids) {
    return new RawMessageRepository(pool).policyApplied(mailbox.id(), uidValidity, uids);
  }

  /** Stores a parsed batch, its independent groups in concurrent transactions, and closes the parsed mails. */
  private Future<List<IntakeOutcome>> storeBatch(MailboxContext mailbox, List<PreparedMail> prepared) {
    long started = System.nanoTime();
    List<List<PreparedMail>> groups = partitioner.partition(prepared, concurrency);
    List<Future<List<IntakeOutcome>>> runs = new ArrayList<>(groups.size());
    for (List<PreparedMail> group : groups) {
      runs.add(processGroup(mailbox, group));
    }
    return Future.join(runs)
        .transform(
            ar -> {
              closeAll(prepared);
              if (ar.failed()) {
                return Future.failedFuture(ar.cause());
              }
              List<IntakeOutcome> outcomes = new ArrayList<>(prepared.size());
              runs.forEach(r -> outcomes.addAll(r.result()));
              log.debug("intake batch stored mailbox={} size={} groups={} storeMs={}", mailbox.name(),
                  prepared.size(), groups.size(), (System.nanoTime() - started) / 1_000_000);
              return Future.succeededFuture(outcomes);
            });
  }

  private Future<List<IntakeOutcome>> processGroup(MailboxContext mailbox, List<PreparedMail> group) {
    return pool.withTransaction(tx -> {
          BatchWrites writes = writesFor(mailbox);
          return GroupLookups.read(tx, mailbox.id(), group)
              .compose(lookups -> handleAll(tx, writes, lookups, mailbox, group))
              .compose(outcomes -> writes.flush(tx, responseClock).map(outcomes));
        })
        .recover(
            batchError -> {
              if (group.size() == 1) {
                return handleAlone(mailbox, group.get(0), batchError);
              }
              log.warn("intake batch failed, retrying one by one mailbox={} size={} error={}",
                  mailbox.name(), group.size(), Failures.describe(batchError));
              return oneByOne(mailbox, group);
            });
  }

  /** The writes of one transaction; with afterImport keep, filing a mail also ends its (empty) policy step. */
  private static BatchWrites writesFor(MailboxContext mailbox) {
    return new BatchWrites(mailbox.options().afterImport() == AfterImport.KEEP);
  }

  private Future<List<IntakeOutcome>> oneByOne(MailboxContext mailbox, List<PreparedMail> prepared) {
    List<IntakeOutcome> outcomes = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (PreparedMail p : prepared) {
      chain =
          chain.compose(
              v -> pool.withTransaction(tx -> {
                    BatchWrites writes = writesFor(mailbox);
                    return handle(tx, writes, GroupLookups.NONE, mailbox, p)
                        .compose(o -> writes.flush(tx, responseClock).map(o));
                  })
                  .recover(e -> handleAlone(mailbox, p, e).map(list -> list.get(0)))
                  .map(o -> {
                    outcomes.add(o);
                    return null;
                  }));
    }
    return chain.map(outcomes);
  }

  /**
   * One message failed on its own. Transient faults propagate, so the caller backs off and the message stays pending.
   * Anything else must still leave a ticket behind for a person, with the raw message linked.
   */
  private Future<List<IntakeOutcome>> handleAlone(MailboxContext mailbox, PreparedMail p, Throwable error) {
    if (Failures.isTransient(error)) {
      return Future.failedFuture(error);
    }
    String reason = Text.truncate("processing failed: " + Failures.describe(error), 500);
    log.error("intake message failed mailbox={} rawId={} uid={} error={}",
        mailbox.name(), p.raw().id(), p.raw().uid(), Failures.describe(error));
    return pool.withTransaction(tx -> quarantine(tx, mailbox, p.raw(), reason))
        .recover(
            e -> {
              log.error("intake quarantine failed mailbox={} rawId={} error={}",
                  mailbox.name(), p.raw().id(), Failures.describe(e));
              return new RawMessageRepository(pool)
                  .mark(p.raw().id(), RawMessageRepository.State.FAILED, reason)
                  .map(new IntakeOutcome(p.raw().id(), p.raw().uid(), null, IntakeOutcome.Kind.FAILED, false));
            })
        .map(List::of);
  }

  private Future<IntakeOutcome> quarantine(SqlClient tx, MailboxContext mailbox, RawMessage raw, String reason) {
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

  private Future<List<IntakeOutcome>> handleAll(
      SqlClient tx, BatchWrites writes, GroupLookups lookups, MailboxContext mailbox, List<PreparedMail> prepared) {
    List<IntakeOutcome> outcomes = new ArrayList<>(prepared.size());
    Future<Void> chain = Future.succeededFuture();
    for (PreparedMail p : prepared) {
      chain = chain.compose(v -> handle(tx, writes, lookups, mailbox, p).map(o -> {
        outcomes.add(o);
        return null;
      }));
    }
    return chain.map(outcomes);
  }

  /**
   * One mail in its group's transaction: the facts are looked up (read for the whole group by {@code lookups}, plus
   * what the group filed before this mail; the rest are independent statements issued together, so the client
   * pipelines them on the connection), {@link MailDecisions#decide} says what the mail does, and the decision is
   * applied.
   */
  private Future<IntakeOutcome> handle(
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
        .compose(v -> tell(tx, NotificationEvent.FLAGGED, ticket, p, mail.reply()))
        .map(v -> {
          log.info("stranger mail kept ticket={} mailbox={} uid={}", ticket.number(), mailbox.name(), p.raw().uid());
          return new IntakeOutcome(p.raw().id(), p.raw().uid(), ticket.number(), IntakeOutcome.Kind.STRANGER, false);
        });
  }

  /** Keeps tickets' first- and next-response due times up to date. Call once, before deploying. */
  public MailIntake clockWith(ResponseClock responseClock) {
    this.responseClock = responseClock;
    return this;
  }

  /** Tells coordinators about new tickets, replies and flags through {@code notifier}. Call once, before deploying. */
  public MailIntake notifyWith(Notifier notifier) {
    this.notifier = notifier;
    return this;
  }

  /** Tells the coordinators about this mail on the ticket; {@code text} is its new text or why it was flagged. */
  private Future<Void> tell(SqlClient tx, NotificationEvent event, Ticket ticket, PreparedMail p, String text) {
    EmailAddress from = p.parsed().from();
    String who = from == null ? "unknown sender"
        : (from.name() == null || from.name().isBlank() ? from.address() : from.name() + " <" + from.address() + ">");
    List<String> files = p.attachments().stream()
        .filter(a -> !a.inline())
        .map(a -> a.filename() + " (" + Text.bytes(a.size()) + (a.dropped() ? ", not stored" : "") + ")")
        .toList();
    return notifier.notify(tx, new TicketActivity(event, ticket.id(), source(p.raw()),
        from == null ? null : from.normalized(), who, "email", text, files));
  }

  /** What a notification about a mail is keyed by: the stored raw message, the same however often it is replayed. */
  private static String source(RawMessage raw) {
    return "raw:" + raw.id();
  }

  /** Hands coordinators' mail, reply addresses and reopening to {@code coordinators}. Call once, before deploying. */
  public MailIntake coordinateWith(Coordinators coordinators) {
    this.coordinators = coordinators;
    return this;
  }

  /**
   * Lets mail that is not a request (a PBX's voicemail notification) go elsewhere before threading. Call once, before
   * the mailbox verticles are deployed.
   */
  public MailIntake divertWith(MailDiversion diversion) {
    this.diversion = diversion;
    return this;
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
        previous == null ? mail.subject() : stripTag(mail.subject(), previous.number()).replaceAll("\\s{2,}", " ");
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
                  acknowledge(tx, writes, mailbox, mail, requester, ticket, decision),
                  writes.mark(p.raw().id(), RawMessageRepository.State.PROCESSED, null))
              .compose(v -> mail.classification().kind() == MailKind.SPAM
                  ? Future.<Void>succeededFuture()
                  : tell(tx, NotificationEvent.OPENED, ticket, p, mail.reply()))
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
                ? tell(tx, NotificationEvent.FLAGGED, ticket, p, bounceDetail(mail))
                : Future.<Void>succeededFuture();
          }
          return notify ? tell(tx, NotificationEvent.REPLY, ticket, p, mail.reply()) : Future.<Void>succeededFuture();
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

  /** Enqueues the first response when the loop guard allowed it; otherwise the ticket says why not. */
  private Future<Void> acknowledge(
      SqlClient tx, BatchWrites writes, MailboxContext mailbox, ParsedEmail mail, EmailAddress requester, Ticket ticket,
      AcknowledgmentDecision decision) {
    if (!decision.allowed()) {
      log.info("acknowledgment suppressed ticket={} mailbox={} reason={}",
          ticket.number(), mailbox.name(), decision.reason());
      return note(tx, ticket, "No acknowledgment sent: " + decision.reason() + ".");
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("tag", subjectTag.tag(ticket.number()));
    scope.put("number", ticket.number());
    scope.put("subject", stripTag(ticket.subject(), ticket.number()));
    scope.put("requesterName", GreetingName.orNull(requester.name()));
    scope.put("requesterEmail", requester.address());
    scope.put("mailboxName", displayName(mailbox));
    scope.put("mailboxAddress", mailbox.options().address());
    ResponseTemplates.Rendered rendered =
        templates.render(mailbox.options().templatesDirectory(), ACKNOWLEDGMENT, scope);
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

  private String stripTag(String subject, long number) {
    return subject.replace(subjectTag.tag(number), "").strip();
  }

  private static String displayName(MailboxContext mailbox) {
    return mailbox.options().displayName() == null ? mailbox.options().address() : mailbox.options().displayName();
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

  /** Parsing is most of the CPU an intake batch costs: spread it over the worker pool, keeping arrival order. */
  private Future<List<PreparedMail>> prepareInParallel(List<CommittedMail> raws) {
    int chunks = Math.max(1, Math.min(PARSE_PARALLELISM, raws.size() / 25));
    int size = (raws.size() + chunks - 1) / chunks;
    List<Future<List<PreparedMail>>> parts = new ArrayList<>(chunks);
    for (int from = 0; from < raws.size(); from += size) {
      List<CommittedMail> part = raws.subList(from, Math.min(raws.size(), from + size));
      parts.add(vertx.executeBlocking(() -> prepare(part), false));
    }
    return Future.join(parts)
        .transform(
            ar -> {
              List<PreparedMail> all = new ArrayList<>(raws.size());
              parts.stream().filter(Future::succeeded).forEach(f -> all.addAll(f.result()));
              if (ar.failed()) {
                closeAll(all);
                return Future.failedFuture(ar.cause());
              }
              return Future.succeededFuture(all);
            });
  }

  /**
   * Parses: CPU and temporary-file work, so it runs on a worker thread. Attachment contents stay where the parser put
   * them (large ones in temporary files) and are streamed into the store chunk by chunk, never read whole.
   */
  private List<PreparedMail> prepare(List<CommittedMail> raws) {
    List<PreparedMail> out = new ArrayList<>(raws.size());
    for (CommittedMail c : raws) {
      RawMessage raw = c.raw();
      ParsedEmail parsed = parse(c);
      List<NewAttachment> attachments = new ArrayList<>(parsed.attachments().size());
      for (ParsedAttachment a : parsed.attachments()) {
        attachments.add(read(a));
      }
      out.add(new PreparedMail(raw, parsed, attachments));
    }
    return out;
  }

  /**
   * A large message was stored in chunks and has an empty content: it is parsed from its spool file when it was just
   * fetched, else from a stream over its chunks, never read whole. A database fault while reading is retried like any
   * transient fault, not filed as a broken mail.
   */
  private ParsedEmail parse(CommittedMail committed) {
    RawMessage raw = committed.raw();
    if (raw.content().length > 0) {
      return parser.parse(raw.content());
    }
    if (committed.spool() != null) {
      try (InputStream in = Files.newInputStream(committed.spool())) {
        return parser.parse(in);
      } catch (IOException e) {
        // the spool is gone or unreadable: the chunks just committed hold the same bytes
        log.warn("spool file unreadable, reading the stored chunks mailbox={} rawId={} error={}",
            raw.mailboxId(), raw.id(), e.toString());
      }
    }
    ChunkedRawStore.ChunkStream chunks = new ChunkedRawStore(pool).inputStream(raw.id());
    ParsedEmail parsed = parser.parse(chunks);
    if (chunks.failure() != null) {
      parsed.close();
      throw chunks.failure();
    }
    return parsed;
  }

  private NewAttachment read(ParsedAttachment a) {
    boolean kept = a.content() != null && a.sha256() != null;
    return new NewAttachment(
        Text.dbSafe(a.filename()), Text.dbSafe(a.contentType()), a.size(), a.inline(), Text.dbSafe(a.contentId()),
        kept ? a.sha256() : null, kept ? new AttachmentBlob(vertx, a.content()) : null);
  }

  private static void closeAll(List<PreparedMail> prepared) {
    prepared.forEach(p -> p.parsed().close());
  }
}
