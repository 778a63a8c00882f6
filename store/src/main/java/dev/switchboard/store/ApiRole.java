package dev.switchboard.store;

import java.util.Locale;

/** What an API token may do; each role includes the ones before it. */
public enum ApiRole {
  /** Every {@code GET}. */
  READER,
  /** Also the day-to-day changes of a help desk agent: ticket status, priority, assignee; phone numbers; participants. */
  AGENT,
  /** Everything, including admin endpoints added later. */
  ADMIN;

  /** True when a token with this role may do what needs {@code required}. */
  public boolean permits(ApiRole required) {
    return compareTo(required) >= 0;
  }

  /** The name as stored and as typed on the command line: {@code reader}, {@code agent}, {@code admin}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Reads a label; an IllegalArgumentException names the choices. */
  public static ApiRole of(String label) {
    for (ApiRole r : values()) {
      if (r.label().equalsIgnoreCase(label == null ? "" : label.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException("role must be reader, agent or admin, was '" + label + "'");
  }
}
