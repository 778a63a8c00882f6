package dev.switchboard.telephony;

import dev.switchboard.telephony.PbxEvent.AppStart;
import dev.switchboard.telephony.PbxEvent.AttendedTransfer;
import dev.switchboard.telephony.PbxEvent.BlindTransfer;
import dev.switchboard.telephony.PbxEvent.BridgeEnter;
import dev.switchboard.telephony.PbxEvent.BridgeLeave;
import dev.switchboard.telephony.PbxEvent.Cdr;
import dev.switchboard.telephony.PbxEvent.DialBegin;
import dev.switchboard.telephony.PbxEvent.DialEnd;
import dev.switchboard.telephony.PbxEvent.Hangup;
import dev.switchboard.telephony.PbxEvent.LinkedIdEnd;
import dev.switchboard.telephony.PbxEvent.NewCallerId;
import dev.switchboard.telephony.PbxEvent.NewChannel;
import dev.switchboard.telephony.PbxEvent.QueueAgent;
import dev.switchboard.telephony.PbxEvent.QueueAgentKind;
import dev.switchboard.telephony.PbxEvent.QueueCallerAbandon;
import dev.switchboard.telephony.PbxEvent.QueueCallerJoin;
import dev.switchboard.telephony.PbxEvent.QueueCallerLeave;
import dev.switchboard.telephony.PbxEvent.VarSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stream of {@link PbxEvent}s into finished {@link CallRecord}s. A call is every channel sharing one Linkedid
 * (Uniqueid when an event has none); it ends at CEL {@code LINKEDID_END}, or when every channel seen in it has hung up
 * (for PBXs without CEL), or in {@link #expire} when its events stop.
 *
 * <p>Single-threaded by design: feed it from one thread (the AMI listener's or an event-loop's). Time only ever comes
 * from the events and from the {@code now} passed to {@link #expire}.
 */
public final class CallCorrelator {

  private static final Logger log = LoggerFactory.getLogger(CallCorrelator.class);

  /**
   * Finished calls remembered so that the Cdr, Hangup and VarSet events Asterisk still sends after LINKEDID_END do not
   * open a ghost call. Bounded: those stragglers arrive within milliseconds.
   */
  private static final int FINISHED_CALLS_REMEMBERED = 10_000;

  private static final Set<String> FAILED_DIAL_STATUSES =
      Set.of("CHANUNAVAIL", "CONGESTION", "INVALIDARGS", "DONTCALL", "TORTURE");

  private final CorrelatorSettings settings;
  private final List<Pattern> agentPatterns;
  private final Map<String, CallState> open = new LinkedHashMap<>();
  private final Map<String, String> callByUniqueId = new HashMap<>();
  private final Set<String> finished = Collections.newSetFromMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > FINISHED_CALLS_REMEMBERED;
    }
  });
  private long eventsSeen;
  private long eventsIgnored;
  private long lateEvents;
  private long callsFinished;
  private long callsExpired;

  public CallCorrelator(CorrelatorSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : settings.agentChannelPatterns()) {
      patterns.add(Pattern.compile(regex));
    }
    this.agentPatterns = List.copyOf(patterns);
  }

  /**
   * Counters for metrics.
   *
   * @param eventsIgnored events that could not be attached to a call (no ids, or a kind that cannot open one)
   * @param lateEvents events for calls already finished (Asterisk sends Cdr and Hangup after LINKEDID_END)
   */
  public record Stats(
      long eventsSeen, long eventsIgnored, long lateEvents, int openCalls, long callsFinished, long callsExpired) {}

  public Stats stats() {
    return new Stats(eventsSeen, eventsIgnored, lateEvents, open.size(), callsFinished, callsExpired);
  }

  /** Applies one event; returns the calls it finished (usually none, at most one). */
  public List<CallRecord> onEvent(PbxEvent event) {
    Objects.requireNonNull(event, "event");
    eventsSeen++;
    String key = keyOf(event);
    if (key == null) {
      eventsIgnored++;
      log.debug("event ignored reason=no-call-id type={}", event.getClass().getSimpleName());
      return List.of();
    }
    CallState call = open.get(key);
    if (call == null) {
      if (finished.contains(key)) {
        lateEvents++;
        return List.of();
      }
      if (!opensCall(event)) {
        eventsIgnored++;
        log.debug("event ignored reason=unknown-call type={} callId={}", event.getClass().getSimpleName(), key);
        return List.of();
      }
      call = new CallState(key, event.timestamp(), !(event instanceof NewChannel));
      open.put(key, call);
    }
    call.lastEventAt = max(call.lastEventAt, event.timestamp());
    if (apply(call, event)) {
      return List.of(finish(call, event.timestamp(), false));
    }
    return List.of();
  }

  /** Closes every call whose last event is older than {@link CorrelatorSettings#expireAfter()} at {@code now}. */
  public List<CallRecord> expire(Instant now) {
    Objects.requireNonNull(now, "now");
    List<CallRecord> expired = new ArrayList<>();
    for (CallState call : new ArrayList<>(open.values())) {
      if (Duration.between(call.lastEventAt, now).compareTo(settings.expireAfter()) > 0) {
        log.info("call expired callId={} lastEventAt={}", call.key, call.lastEventAt);
        expired.add(finish(call, call.lastEventAt, true));
      }
    }
    return expired;
  }

  // ---------------------------------------------------------------- routing

  private String keyOf(PbxEvent event) {
    if (event instanceof Cdr cdr) {
      // a Cdr names party A by Uniqueid only; it belongs to whichever call that channel is in
      return callByUniqueId.get(cdr.uniqueId());
    }
    ChannelRef anchor = anchor(event);
    if (anchor.uniqueId() != null) {
      String known = callByUniqueId.get(anchor.uniqueId());
      if (known != null) {
        return known;
      }
    }
    return anchor.callKey();
  }

  /** The channel whose call an event belongs to: the caller's side wherever the event names both sides. */
  private static ChannelRef anchor(PbxEvent event) {
    if (event instanceof NewChannel e) {
      return e.channel();
    } else if (event instanceof NewCallerId e) {
      return e.channel();
    } else if (event instanceof DialBegin e) {
      return e.caller() != null ? e.caller() : e.destination();
    } else if (event instanceof DialEnd e) {
      return e.caller() != null ? e.caller() : e.destination();
    } else if (event instanceof BridgeEnter e) {
      return e.channel();
    } else if (event instanceof BridgeLeave e) {
      return e.channel();
    } else if (event instanceof Hangup e) {
      return e.channel();
    } else if (event instanceof QueueCallerJoin e) {
      return e.channel();
    } else if (event instanceof QueueCallerLeave e) {
      return e.channel();
    } else if (event instanceof QueueCallerAbandon e) {
      return e.channel();
    } else if (event instanceof QueueAgent e) {
      return e.caller();
    } else if (event instanceof VarSet e) {
      return e.channel();
    } else if (event instanceof AppStart e) {
      return e.channel();
    } else if (event instanceof BlindTransfer e) {
      return e.transferee();
    } else if (event instanceof AttendedTransfer e) {
      return e.transferee() != null ? e.transferee() : e.transferer();
    } else if (event instanceof LinkedIdEnd e) {
      return e.channel();
    }
    throw new IllegalStateException("no anchor for " + event.getClass().getName());
  }

  /**
   * Only events that show a live call may start tracking one; a lone Hangup or Cdr of a call we never saw would make
   * an empty record.
   */
  private static boolean opensCall(PbxEvent event) {
    return event instanceof NewChannel
        || event instanceof NewCallerId
        || event instanceof DialBegin
        || event instanceof BridgeEnter
        || event instanceof QueueCallerJoin
        || (event instanceof QueueAgent q && q.kind() != QueueAgentKind.COMPLETE);
  }

  // ---------------------------------------------------------------- state changes

  /** Applies an event to its call; true when the call has ended. */
  private boolean apply(CallState call, PbxEvent event) {
    if (event instanceof NewChannel e) {
      call.leg(e.channel());
    } else if (event instanceof NewCallerId e) {
      call.leg(e.channel());
    } else if (event instanceof DialBegin e) {
      onDialBegin(call, e);
    } else if (event instanceof DialEnd e) {
      onDialEnd(call, e);
    } else if (event instanceof BridgeEnter e) {
      onBridgeEnter(call, e);
    } else if (event instanceof BridgeLeave e) {
      Set<String> members = call.bridges.get(e.bridgeId());
      if (members != null) {
        members.remove(call.leg(e.channel()).id);
      }
    } else if (event instanceof Hangup e) {
      Leg leg = call.leg(e.channel());
      leg.hungUp = true;
      if (leg == call.primary) {
        call.primaryHungUp = true;
      }
      return call.allHungUp();
    } else if (event instanceof QueueCallerJoin e) {
      call.leg(e.channel());
      call.queue = e.queue();
      call.inQueue = true;
    } else if (event instanceof QueueCallerLeave e) {
      call.leg(e.channel());
      call.inQueue = false;
    } else if (event instanceof QueueCallerAbandon e) {
      call.leg(e.channel());
      call.queue = e.queue();
      call.queueAbandoned = true;
    } else if (event instanceof QueueAgent e) {
      onQueueAgent(call, e);
    } else if (event instanceof VarSet e) {
      onVarSet(call, e);
    } else if (event instanceof AppStart e) {
      onAppStart(call, e);
    } else if (event instanceof BlindTransfer e) {
      onBlindTransfer(call, e);
    } else if (event instanceof AttendedTransfer e) {
      onAttendedTransfer(call, e);
    } else if (event instanceof Cdr e) {
      onCdr(call, e);
    } else if (event instanceof LinkedIdEnd) {
      return true;
    }
    return false;
  }

  private void onDialBegin(CallState call, DialBegin e) {
    if (e.caller() == null) {
      // AMI Originate: the "destination" is whoever the PBX called first to place the call (the harness's Local ;1
      // leg, or the agent's phone for click-to-call); it is the call's origin, not a party being rung.
      call.leg(e.destination());
      return;
    }
    Leg caller = call.leg(e.caller());
    if (caller != call.primary) {
      call.leg(e.destination());
      return;
    }
    Leg dest = call.leg(e.destination());
    call.markCallee(dest);
    call.dialAttempted = true;
  }

  private void onDialEnd(CallState call, DialEnd e) {
    Leg dest = call.leg(e.destination());
    if (e.caller() == null || call.leg(e.caller()) != call.primary) {
      return;
    }
    if (!e.dialStatus().isEmpty()) {
      call.lastDialEndStatus = e.dialStatus();
    }
    if ("ANSWER".equals(e.dialStatus())) {
      call.answered(e.timestamp(), agentOf(dest, e.destination()));
    }
  }

  private void onBridgeEnter(CallState call, BridgeEnter e) {
    Leg leg = call.leg(e.channel());
    Set<String> members = call.bridges.computeIfAbsent(e.bridgeId(), id -> new HashSet<>());
    members.add(leg.id);
    if (call.answer != null || call.primary == null || !members.contains(call.primary.id)) {
      return;
    }
    // Caller and an agent share a bridge: answered. DialEnd says so first in a full transcript; this catches calls
    // first seen mid-call, where the BridgeEnter is all we get.
    for (String id : members) {
      Leg other = call.legs.get(id);
      if (other != call.primary && (other.callee || agentExtension(other.name) != null)) {
        call.answered(e.timestamp(), agentOf(other, null));
        return;
      }
    }
  }

  private void onQueueAgent(CallState call, QueueAgent e) {
    call.leg(e.caller());
    call.queue = e.queue();
    Leg agent = call.leg(e.agent());
    call.markCallee(agent);
    if (e.memberName() != null) {
      agent.memberName = e.memberName();
    }
    if (e.memberInterface() != null) {
      agent.memberInterface = e.memberInterface();
    }
    if (e.kind() == QueueAgentKind.CALLED) {
      call.dialAttempted = true;
    } else if (e.kind() == QueueAgentKind.CONNECT) {
      call.answered(e.timestamp(), agentOf(agent, e.agent()));
    }
  }

  private void onVarSet(CallState call, VarSet e) {
    Leg leg = call.leg(e.channel());
    if (leg != call.primary || e.value().isEmpty()) {
      // Dial resets DIALSTATUS to "" when it starts; only a verdict counts
      return;
    }
    switch (e.variable()) {
      case "DIALSTATUS" -> call.dialStatus = e.value().toUpperCase(Locale.ROOT);
      case "QUEUESTATUS" -> call.queueStatus = e.value().toUpperCase(Locale.ROOT);
      case "VMSTATUS" -> call.voicemailStatus = e.value().toUpperCase(Locale.ROOT);
      default -> {
        // other variables are not passed on by the mapper
      }
    }
  }

  private void onAppStart(CallState call, AppStart e) {
    Leg leg = call.leg(e.channel());
    if (leg != call.primary || !e.application().equalsIgnoreCase("VoiceMail") || call.voicemailBox != null) {
      return;
    }
    call.voicemailBox = mailbox(e.appData());
    call.voicemailAt = e.timestamp();
  }

  private void onBlindTransfer(CallState call, BlindTransfer e) {
    Leg transferer = call.leg(e.transferer());
    call.leg(e.transferee());
    if (!e.success() || e.extension() == null) {
      return;
    }
    call.transfers.add(new Transfer(extensionOf(transferer, e.transferer()), e.extension(), Transfer.Kind.BLIND,
        e.timestamp()));
  }

  private void onAttendedTransfer(CallState call, AttendedTransfer e) {
    if (!e.success()) {
      return;
    }
    Leg transferer = call.leg(e.transferer());
    String to = null;
    if (e.target() != null) {
      to = agentExtension(e.target().name());
    }
    if (to == null) {
      to = e.targetExten() != null ? e.targetExten() : e.target() != null ? e.target().name() : null;
    }
    if (to != null) {
      call.transfers.add(new Transfer(extensionOf(transferer, e.transferer()), to, Transfer.Kind.ATTENDED,
          e.timestamp()));
    }
  }

  private static void onCdr(CallState call, Cdr e) {
    if (call.primary == null || !e.uniqueId().equals(call.primary.uniqueId)) {
      return;
    }
    if (call.primary.callerIdNum == null && e.source() != null) {
      call.primary.callerIdNum = e.source();
    }
    if (e.destinationChannel() != null) {
      call.cdrDisposition = e.disposition();
    }
  }

  // ---------------------------------------------------------------- finishing

  private CallRecord finish(CallState call, Instant end, boolean expired) {
    open.remove(call.key);
    for (Leg leg : call.legs.values()) {
      if (leg.uniqueId != null) {
        callByUniqueId.remove(leg.uniqueId);
      }
    }
    finished.add(call.key);
    if (expired) {
      callsExpired++;
    } else {
      callsFinished++;
    }
    Instant endAt = max(call.start, end);
    Disposition disposition = disposition(call, expired);
    Instant answer = null;
    if (disposition == Disposition.ANSWERED) {
      answer = call.answer != null ? call.answer : call.start;
    }
    Instant ringEnd = answer != null ? answer : call.voicemailAt != null ? call.voicemailAt : endAt;
    Leg primary = call.primary;
    CallRecord record = new CallRecord(
        call.key,
        direction(call),
        primary == null ? null : primary.callerIdNum,
        primary == null ? null : primary.callerIdName,
        primary == null ? null : primary.dialled,
        disposition == Disposition.ANSWERED ? call.answeredBy : null,
        call.queue,
        call.transfers,
        call.start,
        answer,
        endAt,
        seconds(call.start, min(ringEnd, endAt)),
        answer == null ? 0 : seconds(answer, endAt),
        disposition,
        disposition == Disposition.VOICEMAIL ? call.voicemailBox : null,
        expired,
        call.midCall);
    log.debug("call finished callId={} direction={} disposition={} expired={}", record.callId(), record.direction(),
        record.disposition(), record.expired());
    return record;
  }

  /**
   * The verdict, strongest evidence first: somebody answered; voicemail reached; the queue's own verdict (an abandon
   * is only a real abandon when no QUEUESTATUS says the queue timed out); Dial's DIALSTATUS, then the last DialEnd,
   * then the caller's Cdr; finally what the call was doing when it stopped.
   */
  private static Disposition disposition(CallState call, boolean expired) {
    if (call.answer != null) {
      return Disposition.ANSWERED;
    }
    if (call.voicemailBox != null && !"FAILED".equals(call.voicemailStatus)) {
      return Disposition.VOICEMAIL;
    }
    if (call.queue != null) {
      if (call.queueStatus != null) {
        return Disposition.MISSED;
      }
      if (call.queueAbandoned || (call.inQueue && !expired)) {
        return Disposition.ABANDONED;
      }
    }
    String status = call.dialStatus != null ? call.dialStatus
        : call.lastDialEndStatus != null ? call.lastDialEndStatus : cdrStatus(call.cdrDisposition);
    if (status != null) {
      switch (status) {
        case "ANSWER":
          return Disposition.ANSWERED;
        case "BUSY":
          return Disposition.BUSY;
        case "NOANSWER":
          return Disposition.MISSED;
        case "CANCEL":
          return Disposition.ABANDONED;
        default:
          if (FAILED_DIAL_STATUSES.contains(status)) {
            return Disposition.FAILED;
          }
      }
    }
    if (call.dialAttempted || call.inQueue) {
      // still ringing when the events stopped (expired), or rung without a verdict
      return Disposition.MISSED;
    }
    return call.primaryHungUp ? Disposition.ABANDONED : Disposition.FAILED;
  }

  private static String cdrStatus(String cdrDisposition) {
    if (cdrDisposition == null) {
      return null;
    }
    return switch (cdrDisposition) {
      case "ANSWERED" -> "ANSWER";
      case "NO ANSWER" -> "NOANSWER";
      case "BUSY" -> "BUSY";
      case "FAILED", "CONGESTION" -> "CHANUNAVAIL";
      default -> null;
    };
  }

  private Direction direction(CallState call) {
    Leg primary = call.primary;
    String context = primary == null ? null : primary.firstContext;
    String dialled = primary == null ? null : primary.dialled;
    String caller = primary == null ? null : primary.callerIdNum;
    if (dialled != null && isDid(dialled)) {
      return Direction.INBOUND;
    }
    if (context != null && settings.inboundContexts().contains(context)) {
      return Direction.INBOUND;
    }
    boolean dialledExtension = dialled == null || isExtension(dialled);
    if (context != null && settings.internalContexts().contains(context)) {
      return dialledExtension ? Direction.INTERNAL : Direction.OUTBOUND;
    }
    if (caller != null && isExtension(caller)) {
      return dialledExtension ? Direction.INTERNAL : Direction.OUTBOUND;
    }
    return Direction.INBOUND;
  }

  private boolean isDid(String dialled) {
    String digits = digits(dialled);
    for (String did : settings.dids()) {
      if (digits(did).equals(digits)) {
        return true;
      }
    }
    return false;
  }

  private boolean isExtension(String number) {
    return PhoneNumbers.isExtension(number, settings.maxExtensionDigits());
  }

  // ---------------------------------------------------------------- agents

  /** Who a rung or bridged leg is: extension from the channel name (or member interface), name if anyone knows it. */
  private AgentRef agentOf(Leg leg, ChannelRef seen) {
    String extension = extensionOf(leg, seen);
    String name = leg.memberName != null ? leg.memberName : settings.agentNames().get(extension);
    return new AgentRef(extension, name);
  }

  private String extensionOf(Leg leg, ChannelRef seen) {
    String extension = agentExtension(leg.name);
    if (extension == null && leg.memberInterface != null) {
      extension = agentExtension(leg.memberInterface);
    }
    if (extension == null && seen != null && seen.exten() != null && isExtension(seen.exten())) {
      extension = seen.exten();
    }
    return extension != null ? extension : leg.name;
  }

  /** The extension an agent channel or member interface names, or null when it matches no agent pattern. */
  private String agentExtension(String channelName) {
    for (Pattern pattern : agentPatterns) {
      Matcher m = pattern.matcher(channelName);
      if (m.matches()) {
        return m.group("ext");
      }
    }
    return null;
  }

  /** {@code 2002@helpdesk,u} → {@code 2002@helpdesk}; the box without a context is in {@code default}. */
  private static String mailbox(String appData) {
    String box = appData.split("[,&]", 2)[0].trim();
    // the pre-1.6 syntax put option letters before the box: u2002@helpdesk
    while (!box.isEmpty() && Character.isLetter(box.charAt(0)) && box.length() > 1
        && Character.isDigit(box.charAt(1))) {
      box = box.substring(1);
    }
    if (box.isEmpty()) {
      return "unknown@default";
    }
    return box.contains("@") ? box : box + "@default";
  }

  private static String digits(String number) {
    return number.replaceAll("[^0-9]", "");
  }

  private static long seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toSeconds());
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  // ---------------------------------------------------------------- state

  /** One channel of a call as far as we have seen it. */
  private static final class Leg {
    final String id;
    final String name;
    final String uniqueId;
    final boolean localOneHalf;
    String firstContext;
    String dialled;
    String callerIdNum;
    String callerIdName;
    String memberName;
    String memberInterface;
    boolean callee;
    boolean hungUp;

    Leg(ChannelRef ref) {
      this.id = ref.uniqueId() != null ? ref.uniqueId() : ref.name();
      this.name = ref.name();
      this.uniqueId = ref.uniqueId();
      this.localOneHalf = ref.isLocalOneHalf();
      this.firstContext = ref.context();
    }

    void update(ChannelRef ref) {
      if (firstContext == null) {
        firstContext = ref.context();
      }
      // "s" is the catch-all start extension, not what anybody dialled
      if (dialled == null && ref.exten() != null && !ref.exten().equals("s")) {
        dialled = ref.exten();
      }
      if (ref.callerIdNum() != null) {
        callerIdNum = ref.callerIdNum();
      }
      if (ref.callerIdName() != null) {
        callerIdName = ref.callerIdName();
      }
    }
  }

  /** Everything known about one open call. */
  private final class CallState {
    final String key;
    final Instant start;
    final boolean midCall;
    final Map<String, Leg> legs = new LinkedHashMap<>();
    final Map<String, Set<String>> bridges = new HashMap<>();
    final List<Transfer> transfers = new ArrayList<>();
    Instant lastEventAt;
    Leg primary;
    boolean primaryHungUp;
    boolean dialAttempted;
    String dialStatus;
    String lastDialEndStatus;
    String cdrDisposition;
    Instant answer;
    AgentRef answeredBy;
    String queue;
    boolean inQueue;
    boolean queueAbandoned;
    String queueStatus;
    String voicemailBox;
    Instant voicemailAt;
    String voicemailStatus;

    CallState(String key, Instant start, boolean midCall) {
      this.key = key;
      this.start = start;
      this.lastEventAt = start;
      this.midCall = midCall;
    }

    /** The leg for a channel, registering it (and choosing the caller's leg) on first sight. */
    Leg leg(ChannelRef ref) {
      String id = ref.uniqueId() != null ? ref.uniqueId() : ref.name();
      Leg leg = legs.get(id);
      if (leg == null) {
        leg = new Leg(ref);
        legs.put(id, leg);
        if (ref.uniqueId() != null) {
          callByUniqueId.put(ref.uniqueId(), key);
        }
        if (isSiblingOfCallee(leg)) {
          leg.callee = true;
        }
      }
      leg.update(ref);
      if (primary == null || (midCall && agentExtension(primary.name) != null)) {
        considerForPrimary(leg);
      }
      return leg;
    }

    /**
     * The caller's leg is the first channel that is neither rung by the call nor the {@code ;1} half of a Local pair
     * (that half faces whoever created the pair: with the test harness, the simulated caller's Originate). First seen
     * mid-call, an agent-looking channel gives way to one that is not.
     */
    private void considerForPrimary(Leg leg) {
      if (leg.callee || leg.localOneHalf || leg == primary) {
        return;
      }
      if (primary == null || agentExtension(leg.name) == null) {
        primary = leg;
      }
    }

    void markCallee(Leg leg) {
      leg.callee = true;
      if (leg.name.startsWith("Local/") && leg.name.endsWith(";1")) {
        // the ;2 half runs the agent's dialplan (Answer, Dial of the real phone): it is the agent's side too
        String sibling = leg.name.substring(0, leg.name.length() - 1) + "2";
        for (Leg other : legs.values()) {
          if (other.name.equals(sibling)) {
            other.callee = true;
          }
        }
      }
      if (leg == primary) {
        primary = null;
        for (Leg other : legs.values()) {
          considerForPrimary(other);
        }
      }
    }

    private boolean isSiblingOfCallee(Leg leg) {
      if (!leg.name.startsWith("Local/") || !leg.name.endsWith(";2")) {
        return false;
      }
      String sibling = leg.name.substring(0, leg.name.length() - 1) + "1";
      for (Leg other : legs.values()) {
        if (other.name.equals(sibling) && other.callee) {
          return true;
        }
      }
      return false;
    }

    void answered(Instant at, AgentRef by) {
      if (answer == null) {
        answer = at;
        answeredBy = by;
      }
    }

    boolean allHungUp() {
      for (Leg leg : legs.values()) {
        if (!leg.hungUp) {
          return false;
        }
      }
      return true;
    }
  }
}
