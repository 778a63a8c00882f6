package dev.switchboard.gateway.intake;

import dev.switchboard.parser.EmailAddress;
import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.RawMessage;
import dev.switchboard.store.Ticket;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.Optional;

/**
 * Where the mail workflow hands over to the coordinators' side (replies, commands, per-ticket reply addresses,
 * participants, reopening). Every method runs inside the intake transaction. {@link #NONE} keeps the plain workflow.
 */
public interface Coordinators {
  /** No coordinators, no reply addresses, no reopening: every mail is a customer's. */
  Coordinators NONE = new Coordinators() {};

  /** Stores the mail being handled on a ticket, with the kind and reply text the caller chose; returns the entry id. */
  @FunctionalInterface
  interface MessageWriter {
    Future<Long> store(Ticket ticket, String kind, String replyText, List<String> warnings);
  }

  /** Where a customer's mail goes: onto {@code followUp}, or onto a new ticket that continues {@code previous}. */
  record CustomerRoute(Ticket followUp, Ticket previous) {
    public static CustomerRoute followUp(Ticket ticket) {
      return new CustomerRoute(ticket, null);
    }

    public static CustomerRoute newTicketAfter(Ticket previous) {
      return new CustomerRoute(null, previous);
    }
  }

  /** The ticket number of a valid per-ticket reply address among the recipients, or null. */
  default Long addressedTicket(MailboxContext mailbox, ParsedEmail mail) {
    return null;
  }

  /**
   * Why a new ticket must not be acknowledged although the loop guard allows it: the address we would answer is a
   * coordinator's and the mail could not be verified as theirs, so answering would let anyone make the help desk write
   * to its own coordinators. Empty otherwise.
   */
  default Optional<String> withholdAcknowledgment(MailboxContext mailbox, ParsedEmail mail, EmailAddress requester) {
    return Optional.empty();
  }

  /** Headers for mail we send about a ticket, e.g. Reply-To with the ticket's own reply address. */
  default JsonObject replyHeaders(MailboxContext mailbox, long ticketNumber) {
    return new JsonObject();
  }

  /**
   * Handles a coordinator's mail: relay, commands, note. Returns null when the mail is not a coordinator action (not
   * from a coordinator, or a coordinator writing a new mail that names no ticket), so the customer workflow runs.
   *
   * @param ticket the ticket the mail threads to, or null
   * @param addressedTicket the number from a valid reply address, or null
   */
  default Future<IntakeOutcome> coordinatorMail(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, RawMessage raw, Ticket ticket, Long addressedTicket,
      MessageWriter writer) {
    return Future.succeededFuture();
  }

  /** Before a customer's reply is filed on {@code ticket}: reopens a resolved ticket, or asks for a new one. */
  default Future<CustomerRoute> customerReply(SqlClient tx, MailboxContext mailbox, ParsedEmail mail, Ticket ticket) {
    return Future.succeededFuture(CustomerRoute.followUp(ticket));
  }

  /**
   * After a customer's mail was filed on ticket {@code ticketNumber}: links it to {@code previous} and, when
   * {@code addParticipants} (the requester's own mail), records the people copied on it.
   */
  default Future<Void> customerMailFiled(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, long ticketNumber, Ticket previous,
      boolean addParticipants) {
    return Future.succeededFuture();
  }
}
