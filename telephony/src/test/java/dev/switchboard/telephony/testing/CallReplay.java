package dev.switchboard.telephony.testing;

import dev.switchboard.telephony.AmiEventMapper;
import dev.switchboard.telephony.CallCorrelator;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.CorrelatorSettings;
import dev.switchboard.telephony.PbxEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.asteriskjava.manager.event.ManagerEvent;

/** Runs transcripts through {@link AmiEventMapper} and {@link CallCorrelator}, as the gateway's AMI verticle does. */
public final class CallReplay {

  /** The dialplan of the PBX the corpus was recorded on (see {@code ami/README.md}). */
  public static final CorrelatorSettings CORPUS_SETTINGS = CorrelatorSettings.defaults()
      .withDids(Set.of("18005550100", "18005550200"))
      .withAgentNames(Map.of(
          "2001", "Alice Agent",
          "2002", "Bob Agent",
          "2003", "Carol Agent",
          "2004", "Dave Agent",
          "2005", "Erin Agent",
          "2006", "Frank Agent"));

  private final AmiEventMapper mapper;
  private final CallCorrelator correlator;
  private final List<CallRecord> records = new ArrayList<>();
  private long unmapped;

  public CallReplay(CorrelatorSettings settings) {
    // the corpus has timestampevents = yes, so this clock only stamps constructed frames without a Timestamp
    this.mapper = new AmiEventMapper(Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));
    this.correlator = new CallCorrelator(settings);
  }

  public static List<CallRecord> replay(String transcript) {
    CallReplay replay = new CallReplay(CORPUS_SETTINGS);
    replay.feed(AmiTranscript.load(transcript).managerEvents());
    return replay.records();
  }

  public void feed(List<ManagerEvent> events) {
    events.forEach(this::feed);
  }

  public void feed(ManagerEvent event) {
    Optional<PbxEvent> mapped = mapper.map(event);
    if (mapped.isPresent()) {
      records.addAll(correlator.onEvent(mapped.get()));
    } else {
      unmapped++;
    }
  }

  public List<CallRecord> expire(Instant now) {
    List<CallRecord> expired = correlator.expire(now);
    records.addAll(expired);
    return expired;
  }

  public List<CallRecord> records() {
    return List.copyOf(records);
  }

  public CallCorrelator correlator() {
    return correlator;
  }

  /** Events the mapper turned down: types correlation does not use, and garbled frames. */
  public long unmapped() {
    return unmapped;
  }
}
