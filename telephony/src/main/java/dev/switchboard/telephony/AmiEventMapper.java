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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.asteriskjava.manager.event.AgentCalledEvent;
import org.asteriskjava.manager.event.AgentCompleteEvent;
import org.asteriskjava.manager.event.AgentConnectEvent;
import org.asteriskjava.manager.event.AgentRingNoAnswerEvent;
import org.asteriskjava.manager.event.AttendedTransferEvent;
import org.asteriskjava.manager.event.BlindTransferEvent;
import org.asteriskjava.manager.event.BridgeEnterEvent;
import org.asteriskjava.manager.event.BridgeLeaveEvent;
import org.asteriskjava.manager.event.CdrEvent;
import org.asteriskjava.manager.event.CelEvent;
import org.asteriskjava.manager.event.DialBeginEvent;
import org.asteriskjava.manager.event.DialEndEvent;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewCallerIdEvent;
import org.asteriskjava.manager.event.NewChannelEvent;
import org.asteriskjava.manager.event.NewExtenEvent;
import org.asteriskjava.manager.event.QueueCallerAbandonEvent;
import org.asteriskjava.manager.event.QueueCallerJoinEvent;
import org.asteriskjava.manager.event.QueueCallerLeaveEvent;
import org.asteriskjava.manager.event.VarSetEvent;

/**
 * The one place that reads Asterisk-Java events. Maps a {@link ManagerEvent} to a {@link PbxEvent}, or to empty for
 * event types correlation does not use and for frames missing the fields that identify a channel (a garbled frame
 * becomes "ignored", never an exception).
 *
 * <p>Stateless and thread-safe: Asterisk-Java calls listeners on its own dispatch thread.
 */
public final class AmiEventMapper {

  /** Variables that say how a call went; the hundreds of others are noise for correlation. */
  private static final Set<String> OUTCOME_VARIABLES = Set.of("DIALSTATUS", "QUEUESTATUS", "VMSTATUS");

  private final Clock clock;

  /** @param clock stamps events that arrive without an AMI {@code Timestamp} (timestampevents = no) */
  public AmiEventMapper(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Optional<PbxEvent> map(ManagerEvent event) {
    if (event == null) {
      return Optional.empty();
    }
    Instant at = timestamp(event);
    // DialBeginEvent and DialEndEvent extend the legacy DialEvent that Asterisk-Java also emits beside them; exact
    // subclass checks keep the legacy copy out.
    if (event instanceof NewChannelEvent e) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedid(), e)
          .map(c -> new NewChannel(at, c));
    }
    if (event instanceof NewCallerIdEvent e) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e).map(c -> new NewCallerId(at, c));
    }
    if (event instanceof DialBeginEvent e) {
      return ref(e.getDestChannel(), e.getDestUniqueId(), e.getDestLinkedId(), e.getDestContext(),
              e.getDestExten(), e.getDestCallerIdNum(), e.getDestCallerIdName())
          .map(d -> new DialBegin(at, channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e).orElse(null), d,
              e.getDialString()));
    }
    if (event instanceof DialEndEvent e) {
      return ref(e.getDestChannel(), e.getDestUniqueId(), e.getDestLinkedId(), e.getDestContext(),
              e.getDestExten(), e.getDestCallerIdNum(), e.getDestCallerIdName())
          .map(d -> new DialEnd(at, channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e).orElse(null), d,
              e.getDialStatus()));
    }
    if (event instanceof BridgeEnterEvent e) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new BridgeEnter(at, c, e.getBridgeUniqueId()));
    }
    if (event instanceof BridgeLeaveEvent e) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new BridgeLeave(at, c, e.getBridgeUniqueId()));
    }
    if (event instanceof HangupEvent e) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new Hangup(at, c, e.getCause() == null ? 0 : e.getCause(), ChannelRef.known(e.getCauseTxt())));
    }
    if (event instanceof QueueCallerJoinEvent e && e.getQueue() != null) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new QueueCallerJoin(at, c, e.getQueue(), e.getPosition() == null ? 0 : e.getPosition()));
    }
    if (event instanceof QueueCallerLeaveEvent e && e.getQueue() != null) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new QueueCallerLeave(at, c, e.getQueue()));
    }
    if (event instanceof QueueCallerAbandonEvent e && e.getQueue() != null) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new QueueCallerAbandon(at, c, e.getQueue(), e.getHoldTime() == null ? 0 : e.getHoldTime()));
    }
    if (event instanceof AgentCalledEvent e) {
      return queueAgent(at, QueueAgentKind.CALLED, e, e.getChannel(), e.getUniqueId(), e.getLinkedId(),
          ref(e.getDestChannel(), e.getDestUniqueId(), e.getDestLinkedId(), e.getDestContext(),
              e.getDestExten(), e.getDestCallerIdNum(), e.getDestCallerIdName()),
          e.getQueue(), e.getMemberName(), e.getInterface(), null, null);
    }
    if (event instanceof AgentConnectEvent e) {
      return queueAgent(at, QueueAgentKind.CONNECT, e, e.getChannel(), e.getUniqueId(), e.getLinkedId(),
          ref(e.getDestChannel(), e.getDestUniqueId(), e.getDestLinkedId(), e.getDestContext(),
              e.getDestExten(), e.getDestCallerIdNum(), e.getDestCallerIdName()),
          e.getQueue(), e.getMemberName(), e.getInterface(), e.getHoldTime(), null);
    }
    if (event instanceof AgentCompleteEvent e) {
      return queueAgent(at, QueueAgentKind.COMPLETE, e, e.getChannel(), e.getUniqueId(), e.getLinkedId(),
          ref(e.getDestChannel(), e.getDestUniqueId(), e.getDestLinkedId(), e.getDestContext(),
              e.getDestExten(), e.getDestCallerIdNum(), e.getDestCallerIdName()),
          e.getQueue(), e.getMemberName(), e.getInterface(), e.getHoldTime(), e.getTalkTime());
    }
    if (event instanceof AgentRingNoAnswerEvent e) {
      return queueAgent(at, QueueAgentKind.RING_NO_ANSWER, e, e.getChannel(), e.getUniqueId(), e.getLinkedId(),
          ref(e.getDestChannel(), e.getDestUniqueId(), e.getDestLinkedId(), e.getDestContext(),
              e.getDestExten(), e.getDestCallerIdNum(), e.getDestCallerIdName()),
          e.getQueue(), e.getMemberName(), e.getInterface(), null, null);
    }
    if (event instanceof VarSetEvent e) {
      String variable = e.getVariable() == null ? "" : e.getVariable().trim().toUpperCase(Locale.ROOT);
      if (!OUTCOME_VARIABLES.contains(variable)) {
        return Optional.empty();
      }
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new VarSet(at, c, variable, e.getValue()));
    }
    if (event instanceof NewExtenEvent e && e.getApplication() != null) {
      return channel(e.getChannel(), e.getUniqueId(), e.getLinkedId(), e)
          .map(c -> new AppStart(at, c, e.getApplication(), e.getAppData()));
    }
    if (event instanceof BlindTransferEvent e) {
      Optional<ChannelRef> transferee = ref(e.getTransfereeChannel(), e.getTransfereeUniqueId(),
          e.getTransfereeLinkedId(), e.getTransfereeContext(), e.getTransfereeExten(), e.getTransfereeCallerIdNum(),
          e.getTransfereeCallerIdName());
      return ref(e.getTransfererChannel(), e.getTransfererUniqueId(), e.getTransfererLinkedId(),
              e.getTransfererContext(), e.getTransfererExten(), e.getTransfererCallerIdNum(),
              e.getTransfererCallerIdName())
          .flatMap(transferer -> transferee.map(t -> new BlindTransfer(at, transferer, t, e.getContext(),
              e.getExtension(), success(e.getResult()))));
    }
    if (event instanceof AttendedTransferEvent e) {
      ChannelRef transferee = ref(e.getTransfereeChannel(), e.getTransfereeUniqueid(), e.getTransfereeLinkedId(),
          e.getTransfereeContext(), e.getTransfereeExten(), e.getTransfereeCallerIDNum(),
          e.getTransfereeCallerIDName()).orElse(null);
      ChannelRef target = ref(e.getTransferTargetChannel(), e.getTransferTargetUniqueID(),
          e.getTransferTargetLinkedID(), e.getTransferTargetContext(), e.getTransferTargetExten(),
          e.getTransferTargetCallerIDNum(), e.getTransferTargetCallerIDName()).orElse(null);
      return ref(e.getOrigTransfererChannel(), e.getOrigTransfererUniqueid(), e.getOrigTransfererLinkedId(),
              e.getOrigTransfererContext(), e.getOrigTransfererExten(), e.getOrigTransfererCallerIDNum(),
              e.getOrigTransfererCallerIDName())
          .map(transferer -> new AttendedTransfer(at, transferer, transferee, target, e.getSecondTransfererExten(),
              success(e.getResult())));
    }
    if (event instanceof CdrEvent e && ChannelRef.known(e.getUniqueId()) != null) {
      return Optional.of(new Cdr(at, e.getChannel(), e.getUniqueId().trim(), e.getSrc(), e.getDestination(),
          e.getDestinationChannel(), e.getDisposition(), orZero(e.getDuration()), orZero(e.getBillableSeconds())));
    }
    if (event instanceof CelEvent e && "LINKEDID_END".equalsIgnoreCase(e.getEventName())
        && ChannelRef.known(e.getLinkedID()) != null) {
      return channel(e.getChannel(), e.getUniqueID(), e.getLinkedID(), e).map(c -> new LinkedIdEnd(at, c));
    }
    return Optional.empty();
  }

  private Instant timestamp(ManagerEvent event) {
    Double seconds = event.getTimestamp();
    if (seconds == null || seconds.isNaN() || seconds <= 0) {
      return clock.instant();
    }
    // AMI stamps are seconds with microseconds; a double holds them to well under a microsecond at today's epoch.
    return Instant.EPOCH.plus(Math.round(seconds * 1_000_000d), ChronoUnit.MICROS);
  }

  private static Optional<PbxEvent> queueAgent(
      Instant at,
      QueueAgentKind kind,
      ManagerEvent e,
      String channel,
      String uniqueId,
      String linkedId,
      Optional<ChannelRef> agent,
      String queue,
      String memberName,
      String memberInterface,
      Long holdSeconds,
      Long talkSeconds) {
    if (queue == null || agent.isEmpty()) {
      return Optional.empty();
    }
    return channel(channel, uniqueId, linkedId, e)
        .map(c -> new QueueAgent(at, kind, c, agent.get(), queue, memberName, memberInterface, seconds(holdSeconds),
            seconds(talkSeconds)));
  }

  /** The channel an event is about, with context, exten and caller id from the event's common fields. */
  private static Optional<ChannelRef> channel(String name, String uniqueId, String linkedId, ManagerEvent e) {
    return ref(name, uniqueId, linkedId, e.getContext(), e.getExten(), e.getCallerIdNum(), e.getCallerIdName());
  }

  /** Empty unless the frame names the channel and at least one of its ids: without them nothing can be correlated. */
  private static Optional<ChannelRef> ref(
      String name, String uniqueId, String linkedId, String context, String exten, String num, String callerName) {
    if (ChannelRef.known(name) == null || (ChannelRef.known(uniqueId) == null && ChannelRef.known(linkedId) == null)) {
      return Optional.empty();
    }
    return Optional.of(new ChannelRef(name, uniqueId, linkedId, context, exten, num, callerName));
  }

  private static boolean success(String result) {
    return result == null || result.trim().equalsIgnoreCase("Success");
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static int seconds(Long value) {
    return value == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
  }
}
