package dev.switchboard.gateway.intake;

import dev.switchboard.parser.ParsedEmail;
import dev.switchboard.store.NewAttachment;
import dev.switchboard.store.RawMessage;
import java.util.List;

/** A raw message with everything CPU- and file-bound already done off the event loop: parsed, attachments read. */
record PreparedMail(RawMessage raw, ParsedEmail parsed, List<NewAttachment> attachments) {
  PreparedMail {
    attachments = List.copyOf(attachments);
  }
}
