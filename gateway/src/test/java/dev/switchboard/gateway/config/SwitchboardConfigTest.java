package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchboardConfigTest {
  private static final String EXAMPLE =
      """
      http:
        port: 9090
      smtp:
        host: smtp.example.com
        username: relay
        password: ${SMTP_PASSWORD}
      tickets:
        subjectTag: "[Ticket #{number}]"
        acknowledgmentsPerSenderPerHour: 5
      mailboxes:
        - name: support
          address: support@example.com
          displayName: Example IT
          afterImport: move
          moveTo: Archive/Imported
          imap:
            host: imap.example.com
            username: support@example.com
            password: ${IMAP_PASSWORD:-fallback}
      """;

  @Test
  void readsTheReadmeExampleWithSecretsFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, EXAMPLE);
    SwitchboardConfig config = SwitchboardConfig.load(file, Map.of("SMTP_PASSWORD", "s3cret"));

    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
    assertThat(config.smtp().password()).isEqualTo("s3cret");
    assertThat(config.smtp().port()).as("starttls defaults to the submission port").isEqualTo(587);
    assertThat(config.database().embedded()).isTrue();
    MailboxOptions m = config.mailboxes().get(0);
    assertThat(m.imap().password()).isEqualTo("fallback");
    assertThat(m.imap().port()).as("tls defaults to 993").isEqualTo(993);
    assertThat(m.afterImport()).isEqualTo(AfterImport.MOVE);
    assertThat(config.tickets().subjectTag()).isEqualTo("[Ticket #{number}]");
    assertThat(config.ownAddresses()).containsExactly("support@example.com");
  }

  @Test
  void theExampleConfigInTheRepositoryIsValid() {
    SwitchboardConfig config =
        SwitchboardConfig.load(
            Path.of("..", "switchboard.example.yaml"),
            Map.of("SWITCHBOARD_DB_PASSWORD", "x", "SWITCHBOARD_SMTP_PASSWORD", "y", "SWITCHBOARD_IMAP_PASSWORD", "z"));
    assertThat(config.database().embedded()).isFalse();
    assertThat(config.mailboxes()).extracting(MailboxOptions::name).containsExactly("support");
  }

  @Test
  void theDockerComposeConfigIsValid() {
    SwitchboardConfig config =
        SwitchboardConfig.load(
            Path.of("..", "deploy", "switchboard.compose.yaml"),
            Map.of("SWITCHBOARD_DB_PASSWORD", "x", "SWITCHBOARD_AMI_SECRET", "y", "SWITCHBOARD_IMAP_PASSWORD", "z",
                "SWITCHBOARD_METRICS_TOKEN", "m"));
    assertThat(config.database().url()).isEqualTo("postgresql://switchboard@db:5432/switchboard");
    // both instances serve metrics on the compose network for the monitoring profile's Prometheus
    assertThat(config.management()).isEqualTo(new ManagementOptions(true, "0.0.0.0", 9464, "m"));
    assertThat(config.http().host()).isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> SwitchboardConfig.load(Path.of("..", "deploy", "switchboard.compose.yaml"),
            Map.of("SWITCHBOARD_DB_PASSWORD", "x", "SWITCHBOARD_AMI_SECRET", "y", "SWITCHBOARD_IMAP_PASSWORD", "z")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("SWITCHBOARD_METRICS_TOKEN");
  }

  @Test
  void toJsonRoundTrips(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, EXAMPLE);
    SwitchboardConfig config = SwitchboardConfig.load(file, Map.of("SMTP_PASSWORD", "s3cret"));
    JsonObject json = config.toJson();
    assertThat(SwitchboardConfig.fromJson(json, Map.of())).isEqualTo(config);
  }

  @Test
  void unknownKeyFailsNamingItsFullPath() {
    JsonObject json = minimal();
    json.getJsonArray("mailboxes").getJsonObject(0).getJsonObject("imap").put("hots", "x");
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(json, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'mailboxes[0].imap.hots': unknown key");
  }

  @Test
  void invalidValuesFailNamingTheKey() {
    JsonObject badPort = minimal().put("http", new JsonObject().put("port", 70000));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badPort, Map.of()))
        .hasMessage("config key 'http.port': must be between 0 and 65535, was 70000");

    JsonObject badPolicy = minimal();
    badPolicy.getJsonArray("mailboxes").getJsonObject(0).put("afterImport", "delete");
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badPolicy, Map.of()))
        .hasMessage("config key 'mailboxes[0].afterImport': must be one of [keep, seen, move], was 'delete'");

    JsonObject moveWithoutTarget = minimal();
    moveWithoutTarget.getJsonArray("mailboxes").getJsonObject(0).put("afterImport", "move");
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(moveWithoutTarget, Map.of()))
        .hasMessage("config key 'mailboxes[0].moveTo': is required when afterImport is move");

    JsonObject badTag = minimal().put("tickets", new JsonObject().put("subjectTag", "[#]"));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badTag, Map.of()))
        .hasMessage("config key 'tickets.subjectTag': must contain {number}, was '[#]'");

    JsonObject badUrl = minimal().put("database", new JsonObject().put("url", "mysql://db/x"));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badUrl, Map.of()))
        .hasMessage("config key 'database.url': scheme must be postgresql://, was mysql");
  }

  @Test
  void missingRequiredKeysAndEnvironmentVariablesAreNamed() {
    JsonObject noSmtp = minimal();
    noSmtp.remove("smtp");
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(noSmtp, Map.of()))
        .hasMessageStartingWith("config key 'smtp': is required");

    JsonObject envRef = minimal();
    envRef.getJsonArray("mailboxes").getJsonObject(0).getJsonObject("imap").put("password", "${IMAP_PW}");
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(envRef, Map.of()))
        .hasMessage("config key 'mailboxes[0].imap.password': refers to environment variable IMAP_PW, which is not set");

    JsonObject duplicate = minimal();
    duplicate.getJsonArray("mailboxes").add(duplicate.getJsonArray("mailboxes").getJsonObject(0).copy());
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(duplicate, Map.of()))
        .hasMessage("config key 'mailboxes[1].name': duplicate mailbox name 'support'");
  }

  @Test
  void badYamlSaysWhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "http:\n  port: [1,\n");
    assertThatThrownBy(() -> SwitchboardConfig.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> SwitchboardConfig.load(dir.resolve("missing.yaml"), Map.of()))
        .hasMessageContaining("file not found");
  }

  private static JsonObject minimal() {
    return SwitchboardConfig.parseYaml(
        """
        smtp:
          host: localhost
        mailboxes:
          - name: support
            address: support@example.com
            imap:
              host: localhost
              username: u
              password: p
        """);
  }
}
