package dev.switchboard.gateway.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The whole configuration of one Switchboard instance, read from one YAML or JSON file. */
public record SwitchboardConfig(
    HttpOptions http,
    DatabaseOptions database,
    SmtpOptions smtp,
    OutboxOptions outbox,
    TicketOptions tickets,
    List<MailboxOptions> mailboxes,
    TelephonyOptions telephony,
    LimitsOptions limits,
    ManagementOptions management,
    NotificationOptions notifications,
    FleetOptions fleet,
    SlaOptions sla) {

  public SwitchboardConfig {
    mailboxes = List.copyOf(mailboxes);
  }

  /** Reads a file; YAML unless it ends in {@code .json} (JSON is valid YAML anyway). */
  public static SwitchboardConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("--config", "file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    return fromJson(parseYaml(text), env);
  }

  static JsonObject parseYaml(String text) {
    try {
      Object tree = new ObjectMapper(new YAMLFactory()).readValue(text, Object.class);
      if (tree == null) {
        return new JsonObject();
      }
      if (!(tree instanceof Map<?, ?> map)) {
        throw new ConfigException("(root)", "the file must hold an object of keys");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) map;
      return new JsonObject(m);
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException("(file)", "not valid YAML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException("(file)", "cannot be read: " + e.getMessage());
    }
  }

  public static SwitchboardConfig fromJson(JsonObject json, Map<String, String> env) {
    ConfigNode root = ConfigNode.root(json, env);
    HttpOptions http = HttpOptions.from(root.child("http"));
    DatabaseOptions database = DatabaseOptions.from(root.child("database"));
    List<MailboxOptions> mailboxes = root.objects("mailboxes", MailboxOptions::from);
    SmtpOptions smtp = root.has("smtp") ? SmtpOptions.from(root.child("smtp")) : null;
    root.child("smtp");
    OutboxOptions outbox = OutboxOptions.from(root.child("outbox"));
    TicketOptions tickets = TicketOptions.from(root.child("tickets"));
    TelephonyOptions telephony =
        root.has("telephony") ? TelephonyOptions.from(root.child("telephony"), mailboxes) : TelephonyOptions.DISABLED;
    root.child("telephony");
    LimitsOptions limits = LimitsOptions.from(root.child("limits"));
    ManagementOptions management =
        root.has("management") ? ManagementOptions.from(root.child("management")) : ManagementOptions.DISABLED;
    NotificationOptions notifications = NotificationOptions.from(root.child("notifications"));
    FleetOptions fleet = FleetOptions.from(root.child("fleet"));
    SlaOptions sla = SlaOptions.from(root.child("sla"), tickets.priorities());
    root.finish();

    if (!mailboxes.isEmpty() && smtp == null) {
      throw new ConfigException("smtp", "is required when mailboxes are configured (acknowledgments go out by SMTP)");
    }
    Set<String> names = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (int i = 0; i < mailboxes.size(); i++) {
      MailboxOptions m = mailboxes.get(i);
      if (!names.add(m.name())) {
        throw new ConfigException("mailboxes[" + i + "].name", "duplicate mailbox name '" + m.name() + "'");
      }
      if (!addresses.add(m.address().toLowerCase(Locale.ROOT))) {
        throw new ConfigException("mailboxes[" + i + "].address", "duplicate address '" + m.address() + "'");
      }
      if (m.replyTokens() && tickets.replyTokenSecret() == null) {
        throw new ConfigException("mailboxes[" + i + "].replyTokens", "needs tickets.replyTokenSecret");
      }
    }
    return new SwitchboardConfig(
        http, database, smtp, outbox, tickets, mailboxes, telephony, limits, management, notifications, fleet,
        sla);
  }

  public JsonObject toJson() {
    JsonArray boxes = new JsonArray();
    mailboxes.forEach(m -> boxes.add(m.toJson()));
    JsonObject json =
        new JsonObject()
            .put("http", http.toJson())
            .put("database", database.toJson())
            .put("outbox", outbox.toJson())
            .put("tickets", tickets.toJson())
            .put("mailboxes", boxes)
            .put("telephony", telephony.toJson())
            .put("limits", limits.toJson())
            .put("notifications", notifications.toJson())
            .put("fleet", fleet.toJson())
            .put("sla", sla.toJson());
    if (smtp != null) {
      json.put("smtp", smtp.toJson());
    }
    json.put("management", management.toJson());
    return json;
  }

  public SwitchboardConfig withDatabase(DatabaseOptions db) {
    return new SwitchboardConfig(
        http, db, smtp, outbox, tickets, mailboxes, telephony, limits, management, notifications, fleet,
        sla);
  }

  /** Every address we send from: mail from one of them is never answered automatically. */
  public Set<String> ownAddresses() {
    Set<String> own = new HashSet<>();
    mailboxes.forEach(m -> own.add(m.address().toLowerCase(Locale.ROOT)));
    return own;
  }
}
