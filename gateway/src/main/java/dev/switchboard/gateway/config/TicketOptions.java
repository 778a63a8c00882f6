package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * Ticket-wide behaviour.
 *
 * @param subjectTag how the ticket number appears in subjects; must contain {@code {number}}, e.g. {@code [#{number}]}
 * @param acknowledgmentsPerSenderPerHour at most this many automatic acknowledgments go to one address per hour
 * @param templatesDirectory directory with template overrides for every mailbox, or null for the built-in ones
 */
public record TicketOptions(String subjectTag, int acknowledgmentsPerSenderPerHour, String templatesDirectory) {
  public static final String DEFAULT_SUBJECT_TAG = "[#{number}]";
  public static final TicketOptions DEFAULTS = new TicketOptions(DEFAULT_SUBJECT_TAG, 3, null);

  static TicketOptions from(ConfigNode n) {
    String tag = n.string("subjectTag", DEFAULT_SUBJECT_TAG);
    if (!tag.contains("{number}")) {
      throw new ConfigException(n.key("subjectTag"), "must contain {number}, was '" + tag + "'");
    }
    TicketOptions o =
        new TicketOptions(
            tag,
            n.integer("acknowledgmentsPerSenderPerHour", 3, 0, 1000),
            n.string("templatesDirectory", null));
    n.finish();
    return o;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("subjectTag", subjectTag)
        .put("acknowledgmentsPerSenderPerHour", acknowledgmentsPerSenderPerHour)
        .put("templatesDirectory", templatesDirectory);
  }
}
