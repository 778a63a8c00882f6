package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.store.Mailbox;

/** A configured mailbox together with its row in the database. */
public record MailboxContext(long id, MailboxOptions options) {
  public static MailboxContext of(Mailbox stored, MailboxOptions options) {
    return new MailboxContext(stored.id(), options);
  }

  public String name() {
    return options.name();
  }
}
