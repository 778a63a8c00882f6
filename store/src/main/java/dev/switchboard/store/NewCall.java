package dev.switchboard.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A finished call about to be stored; see {@link Call} for the fields. Direction and disposition are the lower-case
 * wire names the schema checks ({@code inbound}, {@code missed}, ...).
 */
public record NewCall(
    String pbx,
    String linkedid,
    String direction,
    String callerNumber,
    String callerE164,
    String callerName,
    String dialledNumber,
    String answeredByExtension,
    String answeredByName,
    String queue,
    List<CallTransfer> transfers,
    Instant startedAt,
    Instant answeredAt,
    Instant endedAt,
    long ringSeconds,
    long talkSeconds,
    String disposition,
    String voicemailBox,
    boolean expired,
    boolean midCall,
    Long contactId) {

  public static final Set<String> DIRECTIONS = Set.of("inbound", "outbound", "internal");
  public static final Set<String> DISPOSITIONS = Set.of("answered", "missed", "busy", "abandoned", "voicemail", "failed");

  public NewCall {
    Objects.requireNonNull(pbx, "pbx");
    Objects.requireNonNull(linkedid, "linkedid");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(endedAt, "endedAt");
    if (!DIRECTIONS.contains(direction)) {
      throw new IllegalArgumentException("direction must be one of " + DIRECTIONS + ", was " + direction);
    }
    if (!DISPOSITIONS.contains(disposition)) {
      throw new IllegalArgumentException("disposition must be one of " + DISPOSITIONS + ", was " + disposition);
    }
    transfers = List.copyOf(transfers);
  }
}
