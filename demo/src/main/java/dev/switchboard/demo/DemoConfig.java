package dev.switchboard.demo;

import dev.switchboard.gateway.config.SwitchboardConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The configuration the demo runs with: the same file format as production, pointed at the embedded mail server
 * and a throw-away embedded database. Going through {@link SwitchboardConfig#fromJson} keeps the demo honest.
 */
public final class DemoConfig {
  private DemoConfig() {}

  public static JsonObject json(int httpPort, int smtpPort, int imapPort, String dataDirectory) {
    JsonObject database = new JsonObject();
    if (dataDirectory != null) {
      database.put("embeddedDataDirectory", dataDirectory);
    }
    return new JsonObject()
        .put("http", new JsonObject().put("host", DemoMailServer.HOST).put("port", httpPort))
        .put("database", database)
        .put("smtp", new JsonObject().put("host", DemoMailServer.HOST).put("port", smtpPort).put("security", "none"))
        // a fresh key per start: reply addresses of an earlier demo run stop working, which is what rotation means
        .put("tickets", new JsonObject().put("replyTokenSecret", replyTokenSecret()))
        .put("outbox", new JsonObject().put("pollIntervalMillis", 250).put("initialBackoffSeconds", 2).put("maxBackoffSeconds", 60))
        // the coordinators' daily digest, so a demo left running shows one (UTC: the default SLA calendar is 24/7 UTC)
        .put("notifications", new JsonObject().put("digestAt", "08:00"))
        .put(
            "mailboxes",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("name", "support")
                        .put("address", DemoMailServer.SUPPORT_ADDRESS)
                        .put("displayName", "Demo IT Help Desk")
                        .put("replyTokens", true)
                        .put("agents", new JsonObject()
                            .put("addresses", new JsonArray().add(DemoMailServer.COORDINATOR_ADDRESS)))
                        .put(
                            "imap",
                            new JsonObject()
                                .put("host", DemoMailServer.HOST)
                                .put("port", imapPort)
                                .put("security", "none")
                                .put("username", DemoMailServer.SUPPORT_ADDRESS)
                                .put("password", DemoMailServer.SUPPORT_PASSWORD)
                                .put("pollIntervalSeconds", 5))));
  }

  private static String replyTokenSecret() {
    byte[] key = new byte[24];
    new SecureRandom().nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** Embedded database in a temporary directory when {@code dataDirectory} is null. */
  public static SwitchboardConfig of(int httpPort, int smtpPort, int imapPort, String dataDirectory) {
    SwitchboardConfig parsed = SwitchboardConfig.fromJson(json(httpPort, smtpPort, imapPort, dataDirectory), Map.of());
    if (dataDirectory != null) {
      return parsed;
    }
    return parsed.withDatabase(parsed.database().withTemporaryEmbedded());
  }
}
