package dev.switchboard.gateway.intake;

import dev.switchboard.store.Ticket;
import java.util.Objects;

/**
 * What one mail does, as {@link MailDecisions#decide} found it. {@link Voicemail}, {@link CoordinatorAction} and
 * {@link CustomerReply} hand the mail to a plug-in, which files it or declines; the intake then decides again with
 * that answer among the facts. Every other decision is final and says everything the filing needs.
 */
public sealed interface MailDecision {
  /** One line for logs and golden files: the kind, the ticket numbers and the reasons, never the mail's content. */
  String summary();

  /** Already stored: a mail with this Message-ID is on ticket id {@code ticketId}. */
  record Duplicate(long ticketId) implements MailDecision {
    @Override
    public String summary() {
      return "duplicate of ticketId=" + ticketId;
    }
  }

  /** Kept (the raw message stays), filed nowhere: {@code reason} is recorded on the raw message. */
  record SetAside(String reason) implements MailDecision {
    public SetAside {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String summary() {
      return reason;
    }
  }

  /** A PBX's voicemail notification: the voicemail diversion files it on the caller's call-back ticket. */
  record Voicemail() implements MailDecision {
    @Override
    public String summary() {
      return "voicemail: offered to the voicemail diversion";
    }
  }

  /** A delivery failure report about mail on {@code ticket}: filed there, the ticket flagged, the outbox row bounced. */
  record Bounce(Ticket ticket) implements MailDecision {
    public Bounce {
      Objects.requireNonNull(ticket, "ticket");
    }

    @Override
    public String summary() {
      return "bounce on ticket #" + ticket.number();
    }
  }

  /** From a coordinator: a relay, commands or a note, handled by {@link Coordinators#coordinatorMail}. */
  record CoordinatorAction(Ticket thread, Long addressedTicket) implements MailDecision {
    @Override
    public String summary() {
      return "coordinator action" + (thread == null ? " naming no existing ticket" : " on ticket #" + thread.number());
    }
  }

  /** A mail naming {@code ticket} from someone not on it: kept there and flagged, nothing changed or sent. */
  record Stranger(Ticket ticket) implements MailDecision {
    public Stranger {
      Objects.requireNonNull(ticket, "ticket");
    }

    @Override
    public String summary() {
      return "stranger on ticket #" + ticket.number();
    }
  }

  /** A reply on {@code ticket} by someone on it: the coordinators say whether it reopens it or starts a new ticket. */
  record CustomerReply(Ticket ticket, SenderRelation relation) implements MailDecision {
    public CustomerReply {
      Objects.requireNonNull(ticket, "ticket");
      Objects.requireNonNull(relation, "relation");
    }

    @Override
    public String summary() {
      return "customer reply on ticket #" + ticket.number() + " from " + relation + ": ask the coordinators' route";
    }
  }

  /**
   * Filed on {@code ticket}. The people copied join it only when the requester wrote ({@code addParticipants}).
   *
   * @param tellCoordinators whether coordinators are told (a person's mail; machine mail is filed silently)
   */
  record FollowUp(Ticket ticket, boolean addParticipants, boolean tellCoordinators) implements MailDecision {
    public FollowUp {
      Objects.requireNonNull(ticket, "ticket");
    }

    @Override
    public String summary() {
      return "follow-up on ticket #" + ticket.number() + " addParticipants=" + addParticipants + " tellCoordinators=" + tellCoordinators;
    }
  }

  /**
   * A new ticket.
   *
   * @param acknowledgment whether the requester gets the automatic acknowledgment, and if not why
   * @param previous the finished ticket a late reply continues, or null
   * @param why why a new ticket rather than a follow-up
   */
  record NewTicket(AcknowledgmentDecision acknowledgment, Ticket previous, String why) implements MailDecision {
    public NewTicket {
      Objects.requireNonNull(acknowledgment, "acknowledgment");
      Objects.requireNonNull(why, "why");
    }

    @Override
    public String summary() {
      return "new ticket (" + why + ") acknowledge=" + acknowledgment.allowed()
          + (acknowledgment.allowed() ? "" : " because " + acknowledgment.reason());
    }
  }
}
