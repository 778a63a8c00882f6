package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * How the outbox sender works through queued mail and retries transient failures.
 *
 * @param connections SMTP connections used at once; each sends its share of a leased batch one mail after another
 */
public record OutboxOptions(
    int pollIntervalMillis, int batchSize, int maxAttempts, int initialBackoffSeconds, int maxBackoffSeconds,
    int connections) {

  public static final OutboxOptions DEFAULTS = new OutboxOptions(1000, 50, 10, 30, 3600, 2);

  public OutboxOptions {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1: " + connections);
    }
  }

  static OutboxOptions from(ConfigNode n) {
    OutboxOptions o =
        new OutboxOptions(
            n.integer("pollIntervalMillis", DEFAULTS.pollIntervalMillis, 50, 600_000),
            n.integer("batchSize", DEFAULTS.batchSize, 1, 1000),
            n.integer("maxAttempts", DEFAULTS.maxAttempts, 1, 100),
            n.integer("initialBackoffSeconds", DEFAULTS.initialBackoffSeconds, 1, 86_400),
            n.integer("maxBackoffSeconds", DEFAULTS.maxBackoffSeconds, 1, 604_800),
            n.integer("connections", DEFAULTS.connections, 1, 10));
    n.finish();
    if (o.maxBackoffSeconds < o.initialBackoffSeconds) {
      throw new ConfigException(n.key("maxBackoffSeconds"), "must not be less than initialBackoffSeconds");
    }
    return o;
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("pollIntervalMillis", pollIntervalMillis)
        .put("batchSize", batchSize)
        .put("maxAttempts", maxAttempts)
        .put("initialBackoffSeconds", initialBackoffSeconds)
        .put("maxBackoffSeconds", maxBackoffSeconds)
        .put("connections", connections);
  }
}
