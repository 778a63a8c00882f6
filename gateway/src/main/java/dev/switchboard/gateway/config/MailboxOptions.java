package dev.switchboard.gateway.config;

import dev.switchboard.parser.EmailAddress;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * One support mailbox: where to read it, what address we answer from, and what to do with imported mail.
 *
 * @param name stable key of the mailbox in the database; renaming it starts the mailbox over
 * @param templatesDirectory template overrides for this mailbox only, or null
 * @param agents the coordinators whose mail is an action on a ticket
 * @param replyTokens outbound mail carries the ticket's own reply address ({@code support+t1042-<mac>@...}) as
 *     Reply-To; needs {@code tickets.replyTokenSecret}
 */
public record MailboxOptions(
    String name,
    String address,
    String displayName,
    ImapOptions imap,
    AfterImport afterImport,
    String moveTo,
    boolean acknowledge,
    String templatesDirectory,
    AgentOptions agents,
    boolean replyTokens) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+|[^@\\s]+@localhost");

  static MailboxOptions from(ConfigNode n) {
    String name = n.requiredString("name");
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(n.key("name"), "must be lower-case letters, digits, '-' or '_', was " + n.shown("name", name));
    }
    String address = n.requiredString("address");
    if (!ADDRESS.matcher(address).matches()) {
      throw new ConfigException(n.key("address"), "must be an email address, was " + n.shown("address", address));
    }
    ImapOptions imap = ImapOptions.from(n.child("imap"), address);
    AfterImport after = AfterImport.parse(n.oneOf("afterImport", "keep", AfterImport.NAMES));
    String moveTo = n.string("moveTo", null);
    if (after == AfterImport.MOVE && moveTo == null) {
      throw new ConfigException(n.key("moveTo"), "is required when afterImport is move");
    }
    if (after != AfterImport.MOVE && moveTo != null) {
      throw new ConfigException(n.key("moveTo"), "is only used when afterImport is move");
    }
    return new MailboxOptions(
        name,
        address,
        n.string("displayName", null),
        imap,
        after,
        moveTo,
        n.bool("acknowledge", true),
        n.string("templatesDirectory", null),
        AgentOptions.from(n.child("agents")),
        n.bool("replyTokens", false));
  }

  public EmailAddress emailAddress() {
    return new EmailAddress(address, displayName);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("address", address)
        .put("displayName", displayName)
        .put("imap", imap.toJson())
        .put("afterImport", afterImport.wireName())
        .put("moveTo", moveTo)
        .put("acknowledge", acknowledge)
        .put("templatesDirectory", templatesDirectory)
        .put("agents", agents.toJson())
        .put("replyTokens", replyTokens);
  }
}
