package dev.switchboard.gateway.telephony;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import dev.switchboard.telephony.AgentRef;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.Direction;
import dev.switchboard.telephony.Disposition;
import dev.switchboard.telephony.PhoneNumbers;
import dev.switchboard.telephony.Transfer;
import java.util.Locale;

/**
 * The words a coordinator reads on a ticket for a call: "Missed call from +49 30 901820 (Lena Fischer), rang 10 s".
 * Pure functions of the call record and the normalised number of the outside party.
 */
public final class CallSummary {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private CallSummary() {}

  /** A number as people write it: {@code +4930901820} becomes {@code +49 30 901820}; anything else as given. */
  public static String display(PhoneNumbers.Normalised number) {
    return switch (number.kind()) {
      case E164 -> international(number.value());
      case EXTENSION -> "extension " + number.value();
      case WITHHELD -> "a withheld number";
      case UNPARSEABLE -> number.raw().strip();
    };
  }

  static String international(String e164) {
    try {
      return UTIL.format(UTIL.parse(e164, "ZZ"), PhoneNumberFormat.INTERNATIONAL);
    } catch (NumberParseException e) {
      return e164;
    }
  }

  /** The outside party with the name Asterisk gave, e.g. {@code +49 30 901820 (Lena Fischer)}. */
  public static String party(PhoneNumbers.Normalised number, String name) {
    String shown = display(number);
    return name == null || name.isBlank() || name.equals(number.raw()) ? shown : shown + " (" + name.strip() + ")";
  }

  /** Short title of the timeline entry: "Missed call", "Answered call", ... */
  public static String title(CallRecord c) {
    String what = switch (c.disposition()) {
      case ANSWERED -> "Answered call";
      case MISSED -> "Missed call";
      case BUSY -> "Busy call";
      case ABANDONED -> "Abandoned call";
      case VOICEMAIL -> "Voicemail";
      case FAILED -> "Failed call";
    };
    return c.direction() == Direction.OUTBOUND ? "Outbound call: " + what.toLowerCase(Locale.ROOT) : what;
  }

  /** One readable paragraph: who, what happened, how long, who answered, transfers, and caveats. */
  public static String text(CallRecord c, String party) {
    StringBuilder s = new StringBuilder();
    String queue = c.queue() == null ? "" : " in queue " + c.queue();
    if (c.direction() == Direction.INBOUND) {
      switch (c.disposition()) {
        case ANSWERED -> s.append("Call from ").append(party).append(queue).append(" answered by ")
            .append(agent(c.answeredBy())).append(" after ").append(c.ringSeconds()).append(" s, talked ")
            .append(c.talkSeconds()).append(" s");
        case MISSED -> s.append("Missed call from ").append(party).append(queue).append(", rang ")
            .append(c.ringSeconds()).append(" s");
        case ABANDONED -> s.append("Abandoned call from ").append(party).append(": hung up after ")
            .append(c.ringSeconds()).append(" s").append(c.queue() == null ? " of ringing" : " waiting" + queue);
        case VOICEMAIL -> s.append("Voicemail from ").append(party).append(" in box ").append(c.voicemailBox())
            .append(", rang ").append(c.ringSeconds()).append(" s first");
        case BUSY -> s.append("Busy: call from ").append(party).append(" found every line busy");
        case FAILED -> s.append("Failed call from ").append(party).append(": the PBX could not reach anybody");
      }
    } else {
      String from = who(c, c.callerNumber() == null ? "an unknown extension" : c.callerNumber());
      if (c.direction() == Direction.OUTBOUND) {
        s.append("Outbound call to ").append(party).append(" by ").append(from);
      } else {
        s.append("Internal call from ").append(from).append(" to ")
            .append(c.dialledNumber() == null ? "an unknown extension" : c.dialledNumber());
      }
      if (c.disposition() == Disposition.ANSWERED) {
        s.append(": answered after ").append(c.ringSeconds()).append(" s, talked ").append(c.talkSeconds()).append(" s");
      } else {
        s.append(": ").append(c.disposition().name().toLowerCase(Locale.ROOT)).append(", rang ").append(c.ringSeconds())
            .append(" s");
      }
    }
    for (Transfer t : c.transfers()) {
      s.append("; transferred (").append(t.kind().name().toLowerCase(Locale.ROOT)).append(") from ").append(t.from())
          .append(" to ").append(t.to());
    }
    s.append('.');
    if (c.expired()) {
      s.append(" The call's events stopped, so it was closed after a time limit; its end is the last event seen.");
    }
    if (c.midCall()) {
      s.append(" Switchboard joined this call in progress: start and ring time are lower bounds.");
    }
    return s.toString();
  }

  private static String who(CallRecord c, String from) {
    return c.callerName() == null ? from : from + " (" + c.callerName() + ")";
  }

  static String agent(AgentRef a) {
    if (a == null) {
      return "somebody";
    }
    return a.name() == null ? a.extension() : a.name() + " (" + a.extension() + ")";
  }
}
