package dev.switchboard.telephony;

/** Who called whom, judged from the caller's dialplan context, the dialled number and the configured DIDs. */
public enum Direction {
  /** From outside (a trunk/inbound context, or to one of our DIDs): a help-desk call. */
  INBOUND,
  /** From one of our phones to an outside number. */
  OUTBOUND,
  /** Agent to agent: never a ticket. */
  INTERNAL
}
