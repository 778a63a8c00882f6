package dev.switchboard.gateway.config;

import dev.switchboard.store.SwitchboardException;

/** Bad configuration: permanent, and always names the key at fault so the operator can fix it. */
public final class ConfigException extends SwitchboardException {
  private final String key;

  public ConfigException(String key, String problem) {
    super("config key '" + key + "': " + problem, false);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
