package dev.switchboard.gateway.telephony;

import dev.switchboard.gateway.intake.MailDiversion;
import dev.switchboard.gateway.intake.MailboxContext;
import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.Notifier;
import dev.switchboard.gateway.notify.TicketActivity;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.AttachmentRepository;
import dev.switchboard.store.NewAttachment;
import dev.switchboard.store.NewTicketMessage;
import dev.switchboard.store.RawMessage;
import dev.switchboard.store.Ticket;
import dev.switchboard.store.TicketEventRepository;
import dev.switchboard.store.TicketMessageRepository;
import dev.switchboard.store.TicketRepository;
import dev.switchboard.telephony.PhoneNumbers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises the mail Asterisk's {@code app_voicemail} sends for a new message and files it, recording attached, on
 * the caller's call-back ticket instead of opening an email ticket.
 *
 * <p>Recognised when the sender is one of {@code telephony.voicemail.senders} (voicemail.conf {@code serveremail})
 * and the mail carries what app_voicemail writes: the {@code X-Asterisk-CallerID} header (set whenever the caller's
 * number is known; {@code X-Asterisk-CallerIDName} with the name), the {@code X-Asterisk-VM-*} headers of IMAP
 * storage, or its {@code Message-ID: <Asterisk-N-...>}. Mail from the PBX without those (a test mail, a report) stays
 * ordinary mail.
 */
public final class VoicemailMail implements MailDiversion {
  private static final Logger log = LoggerFactory.getLogger(VoicemailMail.class);
  static final String KIND_VOICEMAIL = "voicemail";

  private final Set<String> senders;
  private final CallIntake calls;

  public VoicemailMail(List<String> senders, CallIntake calls) {
    this.senders = Set.copyOf(senders);
    this.calls = calls;
  }

  /** True for a voicemail notification from one of our PBXs. */
  public boolean recognises(ParsedEmail mail) {
    if (mail.from() == null || !senders.contains(mail.from().normalized().toLowerCase(Locale.ROOT))) {
      return false;
    }
    return mail.header("X-Asterisk-CallerID").isPresent()
        || mail.header("X-Asterisk-VM-Message-Num").isPresent()
        || (mail.messageId() != null && mail.messageId().startsWith("Asterisk-"));
  }

  @Override
  public Future<Long> divert(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, List<NewAttachment> attachments, RawMessage raw) {
    if (!recognises(mail)) {
      return Future.succeededFuture();
    }
    String number = first(mail, "X-Asterisk-CallerID", "X-Asterisk-VM-Caller-ID-Num").orElse(null);
    String name = first(mail, "X-Asterisk-CallerIDName", "X-Asterisk-VM-Caller-ID-Name").orElse(null);
    PhoneNumbers.Normalised caller = calls.numbers().normalise(number);
    Instant at = mail.date() == null ? Instant.now() : mail.date().toInstant();
    String party = CallSummary.party(caller, name);
    return calls.ticketForVoicemail(tx, caller, name, at)
        .compose(ticket -> store(tx, mailbox, mail, attachments, raw, ticket, party, calls.notifier())
            .map(v -> {
              log.info("voicemail filed ticket={} mailbox={} uid={} recordings={}", ticket.number(), mailbox.name(),
                  raw.uid(), attachments.size());
              return ticket.number();
            }));
  }

  private static Future<Void> store(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, List<NewAttachment> attachments, RawMessage raw,
      Ticket ticket, String party, Notifier notifier) {
    String duration = first(mail, "X-Asterisk-VM-Duration").map(d -> ", " + d.strip() + " s").orElse("");
    String text = "Voicemail from " + party + duration + (attachments.isEmpty() ? ", no recording attached"
        : ", recording attached") + ".\n\n" + (mail.text() == null ? "" : mail.text().strip());
    NewTicketMessage message =
        new NewTicketMessage(
            ticket.id(), mailbox.id(), raw.id(), "inbound", KIND_VOICEMAIL, CallIntake.CHANNEL_PHONE,
            Text.dbSafe(mail.messageId()), null, List.of(),
            mail.from() == null ? null : Text.dbSafe(mail.from().normalized()),
            mail.from() == null ? null : Text.dbSafe(mail.from().name()),
            mail.to().stream().map(a -> Text.dbSafe(a.normalized())).toList(), List.of(),
            Text.dbSafe(mail.subject()), Text.dbSafe(text), Text.dbSafe(text), null, KIND_VOICEMAIL, List.of());
    AttachmentRepository files = new AttachmentRepository(tx);
    return new TicketMessageRepository(tx)
        .insert(message)
        .compose(messageId -> {
          Future<Void> chain = Future.succeededFuture();
          for (NewAttachment a : attachments) {
            chain = chain.compose(v -> files.insert(messageId, a).mapEmpty());
          }
          return chain;
        })
        .compose(v -> new TicketRepository(tx).touch(ticket.id()))
        .compose(v -> new TicketEventRepository(tx).append(ticket.id(), "system", "voicemail-received",
            new JsonObject().put("rawMessageId", raw.id())))
        .compose(v -> notifier.notify(tx, new TicketActivity(NotificationEvent.VOICEMAIL, ticket.id(),
            "raw:" + raw.id(), null, party, CallIntake.CHANNEL_PHONE, text,
            attachments.stream().map(a -> a.filename() + " (" + Text.bytes(a.size()) + ")").toList())));
  }

  private static Optional<String> first(ParsedEmail mail, String... headers) {
    for (String h : headers) {
      Optional<String> v = mail.header(h).map(String::strip).filter(s -> !s.isEmpty());
      if (v.isPresent()) {
        return v;
      }
    }
    return Optional.empty();
  }
}
