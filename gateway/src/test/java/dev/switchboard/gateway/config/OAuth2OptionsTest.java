package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuth2OptionsTest {
  private static final String CONFIG =
      """
      smtp:
        host: smtp.office365.com
        auth: oauth2
        username: support@example.com
        oauth2:
          provider: microsoft
          tenantId: contoso.onmicrosoft.com
          grant: client_credentials
          clientId: app-id
          clientSecret: ${M365_SECRET}
      mailboxes:
        - name: support
          address: support@example.com
          imap:
            host: outlook.office365.com
            auth: oauth2
            oauth2:
              provider: microsoft
              tenantId: contoso.onmicrosoft.com
              grant: client_credentials
              clientId: app-id
              clientSecret: ${M365_SECRET}
        - name: gmail
          address: help@example.org
          imap:
            host: imap.gmail.com
            auth: oauth2
            oauth2:
              provider: google
              clientId: google-id
              clientSecret: google-secret
              refreshToken: ${GMAIL_REFRESH_TOKEN}
      """;

  private static SwitchboardConfig load(Path dir, String text, Map<String, String> env) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, text);
    return SwitchboardConfig.load(file, env);
  }

  @Test
  void readsMicrosoftAppOnlyAndGoogleDelegatedWithProviderDefaults(@TempDir Path dir) throws Exception {
    SwitchboardConfig config = load(dir, CONFIG, Map.of("M365_SECRET", "s3cret", "GMAIL_REFRESH_TOKEN", "1//rt"));

    ImapOptions m365 = config.mailboxes().get(0).imap();
    assertThat(m365.auth()).isEqualTo(MailAuth.OAUTH2);
    assertThat(m365.username()).as("the user name defaults to the mailbox address").isEqualTo("support@example.com");
    assertThat(m365.password()).isNull();
    assertThat(m365.oauth2().grant()).isEqualTo(OAuth2Options.Grant.CLIENT_CREDENTIALS);
    assertThat(m365.oauth2().tokenEndpoint())
        .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));
    assertThat(m365.oauth2().scope()).isEqualTo("https://outlook.office365.com/.default");
    assertThat(m365.oauth2().clientSecret()).isEqualTo("s3cret");

    OAuth2Options google = config.mailboxes().get(1).imap().oauth2();
    assertThat(google.grant()).isEqualTo(OAuth2Options.Grant.REFRESH_TOKEN);
    assertThat(google.scope()).isEqualTo("https://mail.google.com/");
    assertThat(google.tokenEndpoint()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
    assertThat(google.deviceEndpoint()).isEqualTo(URI.create("https://oauth2.googleapis.com/device/code"));

    assertThat(config.smtp().auth()).isEqualTo(MailAuth.OAUTH2);
    assertThat(config.smtp().oauth2().clientId()).isEqualTo("app-id");
    assertThat(SwitchboardConfig.fromJson(config.toJson(), Map.of())).as("round trip").isEqualTo(config);
  }

  @Test
  void secretsArePrintedAsStars(@TempDir Path dir) throws Exception {
    SwitchboardConfig config = load(dir, CONFIG, Map.of("M365_SECRET", "s3cret", "GMAIL_REFRESH_TOKEN", "1//rt"));
    String printed = config.mailboxes().get(1).imap().oauth2().toString() + config.smtp().oauth2();
    assertThat(printed).contains("clientSecret=***", "refreshToken=***").doesNotContain("s3cret", "1//rt", "google-secret");
  }

  @Test
  void mistakesNameTheKey(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> load(dir, CONFIG.replace("    grant: client_credentials\n    clientId: app-id\n    clientSecret: ${M365_SECRET}\n", "    clientId: app-id\n"), Map.of("GMAIL_REFRESH_TOKEN", "x", "M365_SECRET", "s")))
        .hasMessageContaining("config key 'smtp.oauth2.refreshToken': is required for grant refresh_token");
    assertThatThrownBy(() -> load(dir, CONFIG.replace("provider: google", "provider: yahoo"), Map.of("M365_SECRET", "s", "GMAIL_REFRESH_TOKEN", "x")))
        .hasMessageContaining("config key 'mailboxes[1].imap.oauth2.provider': must be one of");
    assertThatThrownBy(() -> load(dir, CONFIG.replace("\n  auth: oauth2\n  username", "\n  username"), Map.of("M365_SECRET", "s", "GMAIL_REFRESH_TOKEN", "x")))
        .hasMessageContaining("config key 'smtp.oauth2': is only used when auth is oauth2");
    assertThatThrownBy(() -> load(dir, CONFIG.replace("        tenantId: contoso.onmicrosoft.com\n        grant", "        grant"), Map.of("M365_SECRET", "s", "GMAIL_REFRESH_TOKEN", "x")))
        .hasMessageContaining("config key 'mailboxes[0].imap.oauth2.tenantId': is required for provider microsoft");
    assertThatThrownBy(() -> load(dir, CONFIG.replace("provider: google", "provider: google\n        tokenEndpoint: ftp://x"), Map.of("M365_SECRET", "s", "GMAIL_REFRESH_TOKEN", "x")))
        .hasMessageContaining("config key 'mailboxes[1].imap.oauth2.tokenEndpoint': must be an http(s) URL");
    assertThatThrownBy(() -> load(dir, CONFIG.replace("      auth: oauth2\n      oauth2:\n        provider: google", "      auth: oauth2\n      password: x\n      oauth2:\n        provider: google"), Map.of("M365_SECRET", "s", "GMAIL_REFRESH_TOKEN", "x")))
        .hasMessageContaining("config key 'mailboxes[1].imap.password': is not used when auth is oauth2");
  }

  @Test
  void googleNeedsItsClientSecret(@TempDir Path dir) {
    assertThatThrownBy(() -> load(dir, CONFIG.replace("        clientSecret: google-secret\n", ""),
        Map.of("M365_SECRET", "s", "GMAIL_REFRESH_TOKEN", "x")))
        .hasMessageContaining("config key 'mailboxes[1].imap.oauth2.clientSecret': is required for provider google");
  }

  @Test
  void loginReadsTheSectionWithoutItsRefreshToken(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, CONFIG);
    OAuth2Options google = OAuth2Options.forLogin(file, Map.of(), "gmail");
    assertThat(google.refreshToken()).isNull();
    assertThat(google.clientId()).isEqualTo("google-id");
    assertThatThrownBy(() -> OAuth2Options.forLogin(file, Map.of(), "nope")).hasMessageContaining("'--mailbox'");
  }
}
