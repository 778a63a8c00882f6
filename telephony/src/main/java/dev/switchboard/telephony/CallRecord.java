package dev.switchboard.telephony;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished call as a help desk sees it. Made by {@link CallCorrelator}; nullable fields are documented.
 *
 * @param callId the call's Linkedid (Uniqueid when Asterisk sent none)
 * @param callerNumber the caller's number as Asterisk gave it (normalise with {@link PhoneNumbers}), or null
 * @param callerName the caller id name, or null
 * @param dialledNumber the number or extension the caller dialled, or null
 * @param answeredBy who first picked up, or null when nobody did (or it was not seen)
 * @param queue the queue the caller waited in, or null
 * @param transfers hand-overs between agents, oldest first
 * @param start first event of the call seen
 * @param answer when somebody first picked up, or null
 * @param end when the call ended (for an expired call: its last event)
 * @param ringSeconds whole seconds from start until answer, voicemail or end
 * @param talkSeconds whole seconds from answer to end; 0 when not answered
 * @param voicemailBox mailbox reached, e.g. {@code 2002@helpdesk}; set exactly when the disposition is VOICEMAIL
 * @param expired true when the call was closed by {@link CallCorrelator#expire} because its events stopped
 * @param midCall true when the first event seen was not the call's first channel being created (gateway started or
 *     reconnected mid-call): start and ring time are then lower bounds
 */
public record CallRecord(
    String callId,
    Direction direction,
    String callerNumber,
    String callerName,
    String dialledNumber,
    AgentRef answeredBy,
    String queue,
    List<Transfer> transfers,
    Instant start,
    Instant answer,
    Instant end,
    long ringSeconds,
    long talkSeconds,
    Disposition disposition,
    String voicemailBox,
    boolean expired,
    boolean midCall) {

  public CallRecord {
    Objects.requireNonNull(callId, "callId");
    if (callId.isBlank()) {
      throw new IllegalArgumentException("callId must not be blank");
    }
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(disposition, "disposition");
    transfers = List.copyOf(transfers);
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    if (answer != null && (answer.isBefore(start) || answer.isAfter(end))) {
      throw new IllegalArgumentException("answer " + answer + " is outside " + start + ".." + end);
    }
    if (disposition == Disposition.ANSWERED && answer == null) {
      throw new IllegalArgumentException("an ANSWERED call needs an answer time");
    }
    if ((disposition == Disposition.VOICEMAIL) != (voicemailBox != null)) {
      throw new IllegalArgumentException("voicemailBox must be set exactly for VOICEMAIL, was " + voicemailBox
          + " for " + disposition);
    }
    if (ringSeconds < 0 || talkSeconds < 0) {
      throw new IllegalArgumentException("ringSeconds and talkSeconds must be >= 0, were " + ringSeconds + " and "
          + talkSeconds);
    }
  }
}
