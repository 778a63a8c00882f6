package dev.switchboard.gateway.telephony;

import dev.switchboard.gateway.config.CallTicketOptions;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.Direction;
import dev.switchboard.telephony.Disposition;
import java.util.Locale;
import java.util.Objects;

/**
 * Which ticket a finished call goes on: a pure function of the call, the configured policy and what the store knows
 * about the caller. The rules, strongest first:
 *
 * <ol>
 *   <li>Internal calls are recorded, never filed.
 *   <li>A call that needs a call back ({@code telephony.tickets.callBackFor}, default missed, abandoned, voicemail)
 *       joins the open ticket that an earlier call-back call from the same number within {@code missedWindowMinutes}
 *       went to, else the caller's open ticket, else opens a "Call back" ticket. Without a number there is nobody to
 *       call back: only a voicemail opens a ticket then (the message may say who called).
 *   <li>An answered inbound call opens a ticket under {@code new-ticket}; under {@code log-on-open-ticket} (default) it
 *       is logged on the caller's open ticket, and only recorded when there is none.
 *   <li>Everything else (outbound calls, busy or failed calls not configured for a call back) is logged on the outside
 *       party's open ticket, or only recorded.
 * </ol>
 */
public final class CallTicketPolicy {

  /** Where the call goes. */
  public sealed interface Decision {}

  /** Stored in the call list only. */
  public record RecordOnly(String reason) implements Decision {}

  /** Logged on an existing ticket. */
  public record AddToTicket(long ticketId, String reason) implements Decision {}

  /** Opens a new phone ticket with this subject. */
  public record OpenTicket(String subject) implements Decision {}

  /**
   * What the store knows about the outside party.
   *
   * @param hasNumber the party's number is a public number (E.164), so someone can call back
   * @param recentCallBackTicket the open ticket of an earlier call-back call from this number inside the window, or null
   * @param openTicket the party's most recently updated open ticket, or null
   */
  public record Facts(boolean hasNumber, Long recentCallBackTicket, Long openTicket) {}

  private final CallTicketOptions options;

  public CallTicketPolicy(CallTicketOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** True when this call's disposition asks for somebody to call back. */
  public boolean needsCallBack(CallRecord call) {
    return call.direction() == Direction.INBOUND
        && options.callBackFor().contains(call.disposition().name().toLowerCase(Locale.ROOT));
  }

  /** @param party the outside party as shown to people, for ticket subjects */
  public Decision decide(CallRecord call, Facts facts, String party) {
    if (call.direction() == Direction.INTERNAL) {
      return new RecordOnly("internal call");
    }
    if (needsCallBack(call)) {
      if (facts.recentCallBackTicket() != null) {
        return new AddToTicket(facts.recentCallBackTicket(), "repeated call-back call within the window");
      }
      if (facts.openTicket() != null) {
        return new AddToTicket(facts.openTicket(), "caller has an open ticket");
      }
      if (!facts.hasNumber() && call.disposition() != Disposition.VOICEMAIL) {
        return new RecordOnly("no number to call back");
      }
      return new OpenTicket(facts.hasNumber() ? callBackSubject(party) : "Voicemail from " + party);
    }
    if (call.direction() == Direction.INBOUND && call.disposition() == Disposition.ANSWERED
        && options.newTicketForAnswered()) {
      return new OpenTicket("Phone call from " + party);
    }
    if (facts.openTicket() != null) {
      return new AddToTicket(facts.openTicket(), "party has an open ticket");
    }
    return new RecordOnly("no open ticket to log it on");
  }

  public static String callBackSubject(String party) {
    return "Call back " + party;
  }
}
