package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets from the environment or under a secret key never show in validation errors or in toString. */
class SecretRedactionTest {
  private static final String SECRET = "S3cretValue";

  private static JsonObject smtp(String security) {
    return new JsonObject().put("host", "smtp.example.com").put("security", security);
  }

  @Test
  void substitutedValueIsMaskedInAValidationError() {
    // an operator put the secret's variable under the wrong key
    JsonObject json = new JsonObject().put("smtp", smtp("${SMTP_PASSWORD}"));

    assertThatThrownBy(() -> SwitchboardConfig.fromJson(json, Map.of("SMTP_PASSWORD", SECRET)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("smtp.security")
        .hasMessageContaining("was '***'")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void substitutedNumberAndBooleanAreMaskedToo() {
    JsonObject port = new JsonObject().put("smtp", smtp("none").put("port", "${SMTP_PASSWORD}"));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(port, Map.of("SMTP_PASSWORD", SECRET)))
        .hasMessageContaining("smtp.port")
        .hasMessageNotContaining(SECRET);

    JsonObject idle = new JsonObject().put("mailboxes", new JsonArray().add(mailbox().put("imap",
        imap().put("idle", "${IMAP_PASSWORD}"))));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(idle, Map.of("IMAP_PASSWORD", SECRET)))
        .hasMessageContaining("imap.idle")
        .hasMessageContaining("was '***'")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void literalValueOfAnOrdinaryKeyIsStillShown() {
    JsonObject json = new JsonObject().put("smtp", smtp("sometimes"));

    assertThatThrownBy(() -> SwitchboardConfig.fromJson(json, Map.of()))
        .hasMessageContaining("was 'sometimes'");
  }

  @Test
  void databaseUrlThatIsNoUrlDoesNotEchoIt() {
    JsonObject json = new JsonObject().put("database", new JsonObject().put("url", "postgresql://sb:" + SECRET + " x@db/sb"));

    assertThatThrownBy(() -> SwitchboardConfig.fromJson(json, Map.of()))
        .hasMessageContaining("database.url")
        .hasMessageNotContaining(SECRET);
  }

  @Test
  void configToStringMasksEverySecret() {
    JsonObject json =
        new JsonObject()
            .put("database", new JsonObject().put("url", "postgresql://sb:" + SECRET + "1@db.example.com/sb")
                .put("password", "${DB_PASSWORD}"))
            .put("smtp", smtp("starttls").put("username", "relay").put("password", "${SMTP_PASSWORD}"))
            .put("tickets", new JsonObject().put("replyTokenSecret", "${REPLY_SECRET}"))
            .put("mailboxes", new JsonArray().add(mailbox().put("imap", imap())))
            .put("telephony", new JsonObject().put("defaultRegion", "DE").put("pbxs", new JsonArray().add(new JsonObject().put("name", "office")
                .put("host", "pbx").put("username", "switchboard").put("secret", "${AMI_SECRET}"))));
    Map<String, String> env = Map.of("DB_PASSWORD", SECRET + "2", "SMTP_PASSWORD", SECRET + "3",
        "REPLY_SECRET", SECRET + "4-long-enough", "IMAP_PASSWORD", SECRET + "5", "AMI_SECRET", SECRET + "6");

    SwitchboardConfig config = SwitchboardConfig.fromJson(json, env);

    assertThat(config.smtp().password()).isEqualTo(SECRET + "3");
    String printed = config.toString();
    assertThat(printed)
        .doesNotContain(SECRET)
        .contains("password=***", "secret=***", "replyTokenSecret=***", "postgresql://sb:***@db.example.com/sb")
        .contains("username=relay");
    assertThat(config.smtp().toString()).isEqualTo(
        "SmtpOptions[host=smtp.example.com, port=587, security=STARTTLS, username=relay, password=***, "
            + "timeoutSeconds=30, trust=null, auth=PASSWORD, oauth2=null]");
  }

  @Test
  void secretNamesAreRecognisedByTheirEnding() {
    assertThat(Redaction.isSecretName("password")).isTrue();
    assertThat(Redaction.isSecretName("replyTokenSecret")).isTrue();
    assertThat(Redaction.isSecretName("clientSecret")).isTrue();
    assertThat(Redaction.isSecretName("refreshToken")).isTrue();
    assertThat(Redaction.isSecretName("replyTokens")).isFalse();
    assertThat(Redaction.isSecretName("username")).isFalse();
    assertThat(Redaction.url("postgresql://u:p@h:5432/d")).isEqualTo("postgresql://u:***@h:5432/d");
    assertThat(Redaction.url("postgresql://u@h/d")).isEqualTo("postgresql://u@h/d");
  }

  private static JsonObject mailbox() {
    return new JsonObject().put("name", "support").put("address", "support@example.com");
  }

  private static JsonObject imap() {
    return new JsonObject().put("host", "imap.example.com").put("username", "support@example.com")
        .put("password", "${IMAP_PASSWORD}");
  }
}
