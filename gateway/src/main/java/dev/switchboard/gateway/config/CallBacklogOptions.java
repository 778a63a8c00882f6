package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Finished calls waiting for the database (section {@code telephony.backlog}).
 *
 * @param memoryCalls calls per PBX held in memory while a journal write is under way; beyond them, and at once while
 *     the database fails, calls go to the spool file; 0 sends every call through the spool first
 * @param spoolDirectory where each PBX's spool file ({@code <pbx>.jsonl}) lives; created when first needed
 */
public record CallBacklogOptions(int memoryCalls, String spoolDirectory) {
  public static final int DEFAULT_MEMORY_CALLS = 10_000;
  public static final String DEFAULT_SPOOL_DIRECTORY = "data/call-spool";
  public static final CallBacklogOptions DEFAULTS =
      new CallBacklogOptions(DEFAULT_MEMORY_CALLS, DEFAULT_SPOOL_DIRECTORY);

  public CallBacklogOptions {
    if (memoryCalls < 0) {
      throw new IllegalArgumentException("memoryCalls must be >= 0, was " + memoryCalls);
    }
    Objects.requireNonNull(spoolDirectory, "spoolDirectory");
    if (spoolDirectory.isBlank()) {
      throw new IllegalArgumentException("spoolDirectory must not be blank");
    }
  }

  static CallBacklogOptions from(ConfigNode n) {
    int memory = n.integer("memoryCalls", DEFAULT_MEMORY_CALLS, 0, 1_000_000);
    String directory = n.string("spoolDirectory", DEFAULT_SPOOL_DIRECTORY);
    if (directory.isBlank()) {
      throw new ConfigException(n.key("spoolDirectory"), "must name a directory");
    }
    n.finish();
    return new CallBacklogOptions(memory, directory);
  }

  JsonObject toJson() {
    return new JsonObject().put("memoryCalls", memoryCalls).put("spoolDirectory", spoolDirectory);
  }
}
