package dev.switchboard.telephony;

import java.util.Objects;

/**
 * An agent (or other party) on a call.
 *
 * @param extension the agent's extension, e.g. {@code 2001}, or the number/channel reached when it is not one of ours
 * @param name the agent's name when Asterisk (queue member name) or the settings' directory knows it, else null
 */
public record AgentRef(String extension, String name) {
  public AgentRef {
    Objects.requireNonNull(extension, "extension");
    if (extension.isBlank()) {
      throw new IllegalArgumentException("extension must not be blank");
    }
    name = ChannelRef.known(name);
  }
}
