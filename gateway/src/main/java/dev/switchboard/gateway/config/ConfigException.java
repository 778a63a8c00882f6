package dev.switchboard.gateway.config;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.errors.SwitchboardException.Retry;

/** Bad configuration: permanent, and always names the key at fault so the operator can fix it. */
public final class ConfigException extends SwitchboardException {
  private final String key;

  public ConfigException(String key, String problem) {
    super(Retry.PERMANENT, "config key '" + key + "': " + problem);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
