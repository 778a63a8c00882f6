package dev.switchboard.gateway.intake;

import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.NewAttachment;
import dev.switchboard.store.RawMessage;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.List;

/**
 * A way for mail that is not a request to leave the threading path: a PBX's voicemail notification belongs on the
 * caller's call-back ticket, not on a ticket of its own. Runs inside the intake transaction, after duplicate detection.
 */
@FunctionalInterface
public interface MailDiversion {
  /** Diverts nothing. */
  MailDiversion NONE = new MailDiversion() {
    @Override
    public boolean recognises(ParsedEmail mail) {
      return false;
    }

    @Override
    public Future<Long> divert(
        SqlClient tx, MailboxContext mailbox, ParsedEmail mail, List<NewAttachment> attachments, RawMessage raw) {
      return Future.succeededFuture();
    }
  };

  /**
   * Whether this diversion may take the mail: a fact for {@link MailDecisions}, which offers it only such mail. A
   * diversion that cannot tell without trying says true and declines in {@link #divert} by returning null.
   */
  default boolean recognises(ParsedEmail mail) {
    return true;
  }

  /**
   * Files the mail elsewhere and returns the number of the ticket it went to, or null to let normal threading run.
   * The caller marks the raw message processed.
   */
  Future<Long> divert(
      SqlClient tx, MailboxContext mailbox, ParsedEmail mail, List<NewAttachment> attachments, RawMessage raw);
}
