package dev.switchboard.telephony;

/** How a call ended, from the caller's point of view. */
public enum Disposition {
  /** Somebody picked up (Dial answered, or a queue member connected). */
  ANSWERED,
  /** Rang out without an answer, or a queue timed out, and no voicemail was left. */
  MISSED,
  /** Every destination was busy. */
  BUSY,
  /** The caller hung up while it was still ringing or waiting in a queue. */
  ABANDONED,
  /** The caller reached a voicemail box. */
  VOICEMAIL,
  /** The PBX could not reach anybody: no such phone, congestion, channel unavailable. */
  FAILED
}
