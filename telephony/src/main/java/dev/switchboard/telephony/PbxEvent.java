package dev.switchboard.telephony;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The PBX events call correlation needs, as our own values. {@link AmiEventMapper} makes them from Asterisk-Java
 * events; everything past the mapper speaks only these records, so tests and the correlator never see AMI classes.
 *
 * <p>Every event carries the time Asterisk stamped on it ({@code timestampevents = yes}) or, when absent, the time the
 * mapper's clock read on arrival.
 */
public sealed interface PbxEvent {

  Instant timestamp();

  /** A channel was created ({@code Newchannel}). */
  record NewChannel(Instant timestamp, ChannelRef channel) implements PbxEvent {
    public NewChannel {
      require(timestamp, channel);
    }
  }

  /** A channel's caller id changed ({@code NewCallerid}); on Local and many trunk channels the number arrives here. */
  record NewCallerId(Instant timestamp, ChannelRef channel) implements PbxEvent {
    public NewCallerId {
      require(timestamp, channel);
    }
  }

  /**
   * A Dial or Queue started ringing one destination ({@code DialBegin}).
   *
   * @param caller the dialling channel; null when the dial came from an AMI Originate, which has no calling channel
   * @param destination the channel being rung
   */
  record DialBegin(Instant timestamp, ChannelRef caller, ChannelRef destination, String dialString) implements PbxEvent {
    public DialBegin {
      require(timestamp, destination);
    }
  }

  /**
   * Ringing one destination ended ({@code DialEnd}).
   *
   * @param caller the dialling channel; null for an Originate
   * @param dialStatus upper case: ANSWER, BUSY, NOANSWER, CANCEL, CONGESTION, CHANUNAVAIL, ...; "" when absent
   */
  record DialEnd(Instant timestamp, ChannelRef caller, ChannelRef destination, String dialStatus) implements PbxEvent {
    public DialEnd {
      require(timestamp, destination);
      dialStatus = upper(dialStatus);
    }
  }

  record BridgeEnter(Instant timestamp, ChannelRef channel, String bridgeId) implements PbxEvent {
    public BridgeEnter {
      require(timestamp, channel);
    }
  }

  record BridgeLeave(Instant timestamp, ChannelRef channel, String bridgeId) implements PbxEvent {
    public BridgeLeave {
      require(timestamp, channel);
    }
  }

  /**
   * A channel is gone.
   *
   * @param cause Q.850 cause: 16 normal clearing, 17 busy, 19 no answer, 26 answered elsewhere, 0 unknown
   * @param causeText Asterisk's text for it, or null (Asterisk-Java drops {@code Unknown})
   */
  record Hangup(Instant timestamp, ChannelRef channel, int cause, String causeText) implements PbxEvent {
    public Hangup {
      require(timestamp, channel);
    }
  }

  record QueueCallerJoin(Instant timestamp, ChannelRef channel, String queue, int position) implements PbxEvent {
    public QueueCallerJoin {
      require(timestamp, channel);
      Objects.requireNonNull(queue, "queue");
    }
  }

  record QueueCallerLeave(Instant timestamp, ChannelRef channel, String queue) implements PbxEvent {
    public QueueCallerLeave {
      require(timestamp, channel);
      Objects.requireNonNull(queue, "queue");
    }
  }

  /**
   * The caller left a queue without being connected. Asterisk also sends this when the queue times out with the caller
   * still on the line; a {@code QUEUESTATUS} {@link VarSet} then follows.
   */
  record QueueCallerAbandon(Instant timestamp, ChannelRef channel, String queue, int holdSeconds) implements PbxEvent {
    public QueueCallerAbandon {
      require(timestamp, channel);
      Objects.requireNonNull(queue, "queue");
    }
  }

  /**
   * A queue member event ({@code AgentCalled}, {@code AgentConnect}, {@code AgentComplete}, {@code AgentRingNoAnswer}).
   *
   * @param kind which of the four
   * @param caller the queue caller's channel
   * @param agent the member's channel
   * @param memberName the member's configured name, e.g. "Alice Agent", or null
   * @param memberInterface the member's interface, e.g. {@code PJSIP/2001}, or null
   * @param holdSeconds seconds the caller waited (connect, complete), else 0
   * @param talkSeconds seconds talked (complete), else 0
   */
  record QueueAgent(
      Instant timestamp,
      QueueAgentKind kind,
      ChannelRef caller,
      ChannelRef agent,
      String queue,
      String memberName,
      String memberInterface,
      int holdSeconds,
      int talkSeconds)
      implements PbxEvent {
    public QueueAgent {
      require(timestamp, caller);
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(queue, "queue");
      memberName = ChannelRef.known(memberName);
      memberInterface = ChannelRef.known(memberInterface);
    }
  }

  enum QueueAgentKind {
    CALLED,
    CONNECT,
    COMPLETE,
    RING_NO_ANSWER
  }

  /**
   * A channel variable was set. The mapper passes on only the variables that say how a call went: {@code DIALSTATUS},
   * {@code QUEUESTATUS}, {@code VMSTATUS}.
   */
  record VarSet(Instant timestamp, ChannelRef channel, String variable, String value) implements PbxEvent {
    public VarSet {
      require(timestamp, channel);
      Objects.requireNonNull(variable, "variable");
      variable = upper(variable);
      value = value == null ? "" : value.trim();
    }
  }

  /**
   * The dialplan ran an application on a channel ({@code Newexten}), e.g. {@code VoiceMail} with data
   * {@code 2002@helpdesk,u}.
   */
  record AppStart(Instant timestamp, ChannelRef channel, String application, String appData) implements PbxEvent {
    public AppStart {
      require(timestamp, channel);
      Objects.requireNonNull(application, "application");
      appData = appData == null ? "" : appData;
    }
  }

  /**
   * {@code transferer} sent {@code transferee} to {@code extension@context} without consulting.
   */
  record BlindTransfer(
      Instant timestamp, ChannelRef transferer, ChannelRef transferee, String context, String extension, boolean success)
      implements PbxEvent {
    public BlindTransfer {
      require(timestamp, transferer);
      Objects.requireNonNull(transferee, "transferee");
    }
  }

  /**
   * {@code transferer} consulted {@code target} on a second call, then joined {@code transferee} to it.
   *
   * @param transferee the party that was on hold, or null when Asterisk did not name it
   * @param target the consulted party, or null when Asterisk did not name it
   * @param targetExten the extension the transferer dialled to reach the target, or null
   */
  record AttendedTransfer(
      Instant timestamp, ChannelRef transferer, ChannelRef transferee, ChannelRef target, String targetExten, boolean success)
      implements PbxEvent {
    public AttendedTransfer {
      require(timestamp, transferer);
      targetExten = ChannelRef.known(targetExten);
    }
  }

  /**
   * One call detail record (one per A/B party pair, at the end of a call, in no fixed order relative to Hangup).
   *
   * @param channel party A's channel name
   * @param uniqueId party A's Uniqueid (a Cdr carries no Linkedid)
   * @param disposition ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION
   */
  record Cdr(
      Instant timestamp,
      String channel,
      String uniqueId,
      String source,
      String destination,
      String destinationChannel,
      String disposition,
      int durationSeconds,
      int billableSeconds)
      implements PbxEvent {
    public Cdr {
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(uniqueId, "uniqueId");
      disposition = upper(disposition);
      source = ChannelRef.known(source);
      destination = ChannelRef.known(destination);
      destinationChannel = ChannelRef.known(destinationChannel);
    }
  }

  /** CEL {@code LINKEDID_END}: the last channel of the call is gone. Asterisk sends exactly one per call. */
  record LinkedIdEnd(Instant timestamp, ChannelRef channel) implements PbxEvent {
    public LinkedIdEnd {
      require(timestamp, channel);
      Objects.requireNonNull(channel.linkedId(), "channel.linkedId");
    }
  }

  private static void require(Instant timestamp, ChannelRef channel) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(channel, "channel");
  }

  private static String upper(String value) {
    return value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
  }
}
