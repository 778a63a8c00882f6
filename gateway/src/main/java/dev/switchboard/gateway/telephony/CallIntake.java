package dev.switchboard.gateway.telephony;

import dev.switchboard.gateway.config.CallTicketOptions;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.TelephonyOptions;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.sla.ResponseClock;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.gateway.telephony.CallTicketPolicy.AddToTicket;
import dev.switchboard.gateway.telephony.CallTicketPolicy.Decision;
import dev.switchboard.gateway.telephony.CallTicketPolicy.Facts;
import dev.switchboard.gateway.telephony.CallTicketPolicy.OpenTicket;
import dev.switchboard.gateway.telephony.CallTicketPolicy.RecordOnly;
import dev.switchboard.store.CallRepository;
import dev.switchboard.store.CallTransfer;
import dev.switchboard.store.Contact;
import dev.switchboard.store.ContactRepository;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.NewCall;
import dev.switchboard.store.NewTicket;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.Direction;
import dev.switchboard.telephony.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files finished calls: in one transaction the call row (idempotent on PBX and Linkedid), the caller's contact (found
 * by number, created for a number nobody has met), and, as {@link CallTicketPolicy} decides, a timeline entry on an
 * existing ticket or a new phone ticket.
 */
public final class CallIntake {
  private static final Logger log = LoggerFactory.getLogger(CallIntake.class);
  static final String KIND_CALL = "call";
  static final String CHANNEL_PHONE = "phone";

  /** What became of one call. */
  public record Outcome(String pbx, String callId, Kind kind, Long ticketNumber) {
    /** The paths a call can take. */
    public enum Kind {
      /** This PBX already reported this call: nothing changed. */
      DUPLICATE,
      /** Stored in the call list, on no ticket. */
      RECORDED,
      /** Logged on an existing ticket. */
      LOGGED,
      /** Opened a new ticket. */
      OPENED
    }
  }

  private final Pool pool;
  private final PhoneNumbers numbers;
  private final CallTicketOptions options;
  private final CallTicketPolicy policy;
  private final MailboxOptions mailbox;
  private Long mailboxId;
  private Notifier notifier = Notifier.NONE;
  private ResponseClock responseClock = ResponseClock.OFF;

  /** @param mailboxes the configured mailboxes, one of which phone tickets may belong to */
  public CallIntake(Pool pool, TelephonyOptions telephony, List<MailboxOptions> mailboxes) {
    this.pool = pool;
    this.numbers = telephony.phoneNumbers();
    this.options = telephony.tickets();
    this.policy = new CallTicketPolicy(options);
    this.mailbox = mailboxes.stream().filter(m -> m.name().equals(options.mailbox())).findFirst().orElse(null);
  }

  /** Tells coordinators about missed calls and voicemails. Call once, before deploying. */
  /** Keeps call-back tickets' first-response due times up to date. Call once, before deploying. */
  public CallIntake clockWith(ResponseClock responseClock) {
    this.responseClock = responseClock;
    return this;
  }

  public CallIntake notifyWith(Notifier notifier) {
    this.notifier = notifier;
    return this;
  }

  Notifier notifier() {
    return notifier;
  }

  public PhoneNumbers numbers() {
    return numbers;
  }

  public Future<Outcome> record(String pbx, CallRecord call) {
    return mailboxId().compose(mb -> pool.withTransaction(tx -> file(tx, mb, pbx, call)))
        .onSuccess(o -> log.info("call filed pbx={} callId={} direction={} disposition={} outcome={} ticket={}",
            pbx, call.callId(), call.direction(), call.disposition(), o.kind(), o.ticketNumber()));
  }

  private Future<Long> mailboxId() {
    if (mailbox == null || mailboxId != null) {
      return Future.succeededFuture(mailboxId);
    }
    return new MailboxRepository(pool).upsert(mailbox.name(), mailbox.address()).map(m -> {
      mailboxId = m.id();
      return mailboxId;
    });
  }

  private Future<Outcome> file(SqlClient tx, Long mailboxId, String pbx, CallRecord call) {
    PhoneNumbers.Normalised caller = numbers.normalise(call.callerNumber());
    PhoneNumbers.Normalised party =
        call.direction() == Direction.OUTBOUND ? numbers.normalise(call.dialledNumber()) : caller;
    String partyText = CallSummary.party(party, call.direction() == Direction.OUTBOUND ? null : call.callerName());
    CallRepository calls = new CallRepository(tx);
    return contactFor(tx, call, party)
        .compose(contact -> calls.insert(newCall(pbx, call, caller, contact))
            .compose(callRowId -> {
              if (callRowId == null) {
                return Future.succeededFuture(new Outcome(pbx, call.callId(), Outcome.Kind.DUPLICATE, null));
              }
              return facts(calls, call, party, contact)
                  .compose(facts -> apply(tx, mailboxId, pbx, call, callRowId, contact,
                      policy.decide(call, facts, partyText), partyText));
            }));
  }

  /** The outside party's contact; an inbound caller with a public number nobody has met becomes a new contact. */
  private Future<Contact> contactFor(SqlClient tx, CallRecord call, PhoneNumbers.Normalised party) {
    if (call.direction() == Direction.INTERNAL || party.e164().isEmpty()) {
      return Future.succeededFuture();
    }
    ContactRepository contacts = new ContactRepository(tx);
    String e164 = party.e164().get();
    return contacts.findByPhone(e164).compose(found -> found != null || call.direction() != Direction.INBOUND
        ? Future.succeededFuture(found)
        : contacts.createForPhone(e164, Text.dbSafe(call.callerName())));
  }

  private Future<Facts> facts(CallRepository calls, CallRecord call, PhoneNumbers.Normalised party, Contact contact) {
    boolean hasNumber = party.e164().isPresent();
    Future<Long> recent = hasNumber && policy.needsCallBack(call)
        ? calls.recentOpenTicketOfNumber(party.e164().get(), call.start().minus(window()), options.callBackFor())
        : Future.succeededFuture();
    return recent.compose(r -> (contact == null ? Future.<Long>succeededFuture() : calls.openTicketOfContact(contact.id()))
        .map(open -> new Facts(hasNumber, r, open)));
  }

  private Duration window() {
    return Duration.ofMinutes(options.missedWindowMinutes());
  }

  private Future<Outcome> apply(
      SqlClient tx, Long mailboxId, String pbx, CallRecord call, long callRowId, Contact contact, Decision decision,
      String party) {
    TicketRepository tickets = new TicketRepository(tx);
    if (decision instanceof RecordOnly r) {
      log.debug("call not filed on a ticket pbx={} callId={} reason={}", pbx, call.callId(), r.reason());
      return Future.succeededFuture(new Outcome(pbx, call.callId(), Outcome.Kind.RECORDED, null));
    }
    if (decision instanceof AddToTicket add) {
      return tickets.find(add.ticketId())
          .compose(ticket -> logCall(tx, ticket, pbx, call, callRowId, party)
              .compose(v -> tickets.touch(ticket.id()))
              .compose(v -> tellMissed(tx, ticket, call, callRowId, party))
              .map(v -> new Outcome(pbx, call.callId(), Outcome.Kind.LOGGED, ticket.number())));
    }
    OpenTicket open = (OpenTicket) decision;
    return openTicket(tx, mailboxId, open.subject(), contact)
        .compose(ticket -> logCall(tx, ticket, pbx, call, callRowId, party)
            .compose(v -> tellMissed(tx, ticket, call, callRowId, party))
            .compose(v -> responseClock.recompute(tx, ticket.id()))
            .map(v -> new Outcome(pbx, call.callId(), Outcome.Kind.OPENED, ticket.number())));
  }

  /** Coordinators hear of an inbound call that needs calling back; answered calls are logged silently. */
  private Future<Void> tellMissed(SqlClient tx, Ticket ticket, CallRecord call, long callRowId, String party) {
    if (!policy.needsCallBack(call)) {
      return Future.succeededFuture();
    }
    return notifier.notify(tx, new TicketActivity(NotificationEvent.MISSED_CALL, ticket.id(), "call:" + callRowId,
        null, party, CHANNEL_PHONE, CallSummary.text(call, party) + "\nTime: " + call.start()
            + (call.end() == null ? "" : " to " + call.end()), List.of()));
  }

  static Future<Ticket> openTicket(SqlClient tx, Long mailboxId, String subject, Contact contact) {
    return new TicketRepository(tx)
        .create(new NewTicket(mailboxId, Text.truncate(Text.dbSafe(subject), 998), "new", "normal",
            contact == null ? null : contact.id(), CHANNEL_PHONE, false, null))
        .compose(ticket -> new TicketEventRepository(tx)
            .append(ticket.id(), "system", "created", new JsonObject().put("channel", CHANNEL_PHONE))
            .map(ticket));
  }

  private Future<Void> logCall(SqlClient tx, Ticket ticket, String pbx, CallRecord call, long callRowId, String party) {
    String text = CallSummary.text(call, party);
    NewTicketMessage entry =
        new NewTicketMessage(
            ticket.id(), null, null, call.direction() == Direction.OUTBOUND ? "outbound" : "inbound", KIND_CALL,
            CHANNEL_PHONE, null, null, List.of(), null, Text.dbSafe(call.callerName()), List.of(), List.of(),
            CallSummary.title(call), Text.dbSafe(text), Text.dbSafe(text), null, null, List.of());
    CallRepository calls = new CallRepository(tx);
    return new TicketMessageRepository(tx)
        .insert(entry)
        .compose(messageId -> calls.link(callRowId, ticket.id(), messageId)
            .compose(v -> calls.dateMessage(messageId, call.start())))
        .compose(v -> new TicketEventRepository(tx).append(ticket.id(), "system", "call-logged",
            new JsonObject().put("pbx", pbx).put("callId", call.callId())
                .put("disposition", wire(call.disposition().name()))));
  }

  private static NewCall newCall(String pbx, CallRecord c, PhoneNumbers.Normalised caller, Contact contact) {
    List<CallTransfer> transfers = c.transfers().stream()
        .map(t -> new CallTransfer(t.from(), t.to(), wire(t.kind().name()), t.at()))
        .toList();
    return new NewCall(
        pbx,
        Text.dbSafe(c.callId()),
        wire(c.direction().name()),
        Text.dbSafe(c.callerNumber()),
        caller.e164().orElse(null),
        Text.dbSafe(c.callerName()),
        Text.dbSafe(c.dialledNumber()),
        c.answeredBy() == null ? null : Text.dbSafe(c.answeredBy().extension()),
        c.answeredBy() == null ? null : Text.dbSafe(c.answeredBy().name()),
        Text.dbSafe(c.queue()),
        transfers,
        c.start(),
        c.answer(),
        c.end(),
        c.ringSeconds(),
        c.talkSeconds(),
        wire(c.disposition().name()),
        Text.dbSafe(c.voicemailBox()),
        c.expired(),
        c.midCall(),
        contact == null ? null : contact.id());
  }

  /**
   * The ticket a voicemail recording mailed by the PBX belongs on: the open ticket of the caller's latest call-back
   * call within the window, else the caller's open ticket, else a new call-back ticket.
   */
  Future<Ticket> ticketForVoicemail(SqlClient tx, PhoneNumbers.Normalised caller, String callerName, Instant at) {
    String party = CallSummary.party(caller, callerName);
    return mailboxId().compose(mb -> {
      if (caller.e164().isEmpty()) {
        return openTicket(tx, mb, "Voicemail from " + party, null);
      }
      String e164 = caller.e164().get();
      ContactRepository contacts = new ContactRepository(tx);
      CallRepository calls = new CallRepository(tx);
      return contacts.findByPhone(e164)
          .compose(found -> found != null ? Future.succeededFuture(found)
              : contacts.createForPhone(e164, Text.dbSafe(callerName)))
          .compose(contact -> calls.recentOpenTicketOfNumber(e164, at.minus(window()), options.callBackFor())
              .compose(recent -> recent != null ? Future.succeededFuture(recent) : calls.openTicketOfContact(contact.id()))
              .compose(id -> id != null
                  ? new TicketRepository(tx).find(id)
                  : openTicket(tx, mb, CallTicketPolicy.callBackSubject(party), contact)));
    })
        // a ticket opened by the voicemail alone gets its first-response due time now, not at its next change
        .compose(ticket -> responseClock.recompute(tx, ticket.id()).map(ticket));
  }

  private static String wire(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }
}
