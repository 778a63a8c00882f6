package dev.switchboard.telephony;

import java.util.Objects;

/**
 * One Asterisk channel as an AMI event names it. Asterisk writes {@code <unknown>} or an empty value where it knows
 * nothing; both become null here, so "unknown" has one spelling.
 *
 * @param name channel name, e.g. {@code PJSIP/trunk-0000002a} or {@code Local/2001@agents-00000001;1}
 * @param uniqueId the channel's Uniqueid, or null when the event did not carry it
 * @param linkedId the Linkedid shared by every channel of one call, or null when the event did not carry it
 * @param context dialplan context the channel is in, or null
 * @param exten dialplan extension the channel is at, or null
 * @param callerIdNum caller id number, or null
 * @param callerIdName caller id name, or null
 */
public record ChannelRef(
    String name, String uniqueId, String linkedId, String context, String exten, String callerIdNum, String callerIdName) {

  public ChannelRef {
    name = known(name);
    Objects.requireNonNull(name, "name");
    uniqueId = known(uniqueId);
    linkedId = known(linkedId);
    context = known(context);
    exten = known(exten);
    callerIdNum = known(callerIdNum);
    callerIdName = known(callerIdName);
  }

  /** The call this channel belongs to: Linkedid, or the Uniqueid when the event had no Linkedid. */
  public String callKey() {
    return linkedId != null ? linkedId : uniqueId;
  }

  /**
   * True for the {@code ;1} half of a Local channel pair: the side facing whoever created the pair. The {@code ;2} half
   * runs the dialplan, so it is the one that behaves like the real call.
   */
  public boolean isLocalOneHalf() {
    return name.startsWith("Local/") && name.endsWith(";1");
  }

  /** The value as Asterisk meant it: null for absent, blank and {@code <unknown>}. */
  public static String known(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    return trimmed.isEmpty() || trimmed.equalsIgnoreCase("<unknown>") ? null : trimmed;
  }
}
