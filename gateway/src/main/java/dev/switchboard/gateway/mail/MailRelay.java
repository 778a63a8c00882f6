package dev.switchboard.gateway.mail;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.store.OutboxMail;
import java.util.List;

/**
 * Where outbox mail goes: an SMTP relay in production. Blocking: call from a worker thread. One connection serves a
 * whole batch, one mail at a time, so the caller can record each mail as sent as soon as the relay accepted it.
 */
public interface MailRelay {
  /**
   * Opens a connection, or throws a transient {@link SwitchboardException} with a one-line reason (never the
   * password) when the relay cannot be reached or refuses the login.
   */
  Connection connect();

  /** An open connection to the relay; used by one thread at a time. */
  interface Connection extends AutoCloseable {
    /**
     * Sends one mail with these files as attachments (read while the mail is written) and says what became of it;
     * never throws.
     */
    SendResult send(OutboxMail mail, List<OutgoingAttachment> attachments);

    /** Sends one mail without attachments. */
    default SendResult send(OutboxMail mail) {
      return send(mail, List.of());
    }

    /** False once the relay dropped the connection: the rest of the batch waits for the next run. */
    boolean isConnected();

    @Override
    void close();
  }
}
