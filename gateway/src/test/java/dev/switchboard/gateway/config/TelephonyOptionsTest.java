package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelephonyOptionsTest {
  /** The example of the README's Phone section. */
  private static final String EXAMPLE =
      """
      smtp:
        host: smtp.example.com
      mailboxes:
        - name: support
          address: support@example.com
          imap:
            host: imap.example.com
            username: support@example.com
            password: x
      telephony:
        defaultRegion: DE
        tickets:
          answered: log-on-open-ticket
          missedWindowMinutes: 120
          callBackFor: [missed, abandoned, voicemail]
          mailbox: support
        voicemail:
          senders: [Asterisk@PBX.example.com]
        pbxs:
          - name: office
            host: pbx.example.com
            username: switchboard
            secret: ${AMI_SECRET}
            inboundContexts: [from-pstn]
            internalContexts: [from-internal]
            dids: ["+49 30 1234567"]
            agents:
              - extension: "2001"
                name: Alice Agent
            expireAfterMinutes: 240
      """;

  private static JsonObject withTelephony(JsonObject telephony) {
    return new JsonObject().put("telephony", telephony);
  }

  private static JsonObject pbx() {
    return new JsonObject().put("name", "office").put("host", "pbx").put("username", "u").put("secret", "s");
  }

  @Test
  void readsTheReadmeExampleWithTheSecretFromTheEnvironment(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, EXAMPLE);
    SwitchboardConfig config = SwitchboardConfig.load(file, Map.of("AMI_SECRET", "s3cret"));

    TelephonyOptions t = config.telephony();
    assertThat(t.defaultRegion()).isEqualTo("DE");
    assertThat(t.voicemailSenders()).containsExactly("asterisk@pbx.example.com");
    assertThat(t.tickets().mailbox()).isEqualTo("support");
    assertThat(t.tickets().newTicketForAnswered()).isFalse();
    PbxOptions pbx = t.pbxs().get(0);
    assertThat(pbx.port()).as("AMI default port").isEqualTo(5038);
    assertThat(pbx.secret()).isEqualTo("s3cret");
    assertThat(pbx.reconnectMaxSeconds()).isEqualTo(60);
    var settings = pbx.correlatorSettings(t.maxExtensionDigits());
    assertThat(settings.inboundContexts()).containsExactly("from-pstn");
    assertThat(settings.agentNames()).containsEntry("2001", "Alice Agent");
    assertThat(settings.expireAfter()).isEqualTo(Duration.ofHours(4));
    assertThat(t.phoneNumbers().normalise("030 901820").value()).isEqualTo("+4930901820");

    assertThat(SwitchboardConfig.fromJson(config.toJson(), Map.of())).as("round trip").isEqualTo(config);
  }

  @Test
  void withoutTheSectionTelephonyIsOffAndStillRoundTrips() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(new JsonObject(), Map.of());
    assertThat(config.telephony()).isEqualTo(TelephonyOptions.DISABLED);
    assertThat(config.telephony().tickets().callBackFor()).containsExactly("missed", "abandoned", "voicemail");
    assertThat(SwitchboardConfig.fromJson(config.toJson(), Map.of())).isEqualTo(config);
  }

  @Test
  void defaultContextsAreTheCorrelatorDefaults() {
    SwitchboardConfig config = SwitchboardConfig.fromJson(
        withTelephony(new JsonObject().put("defaultRegion", "us").put("pbxs", new JsonArray().add(pbx()))), Map.of());
    PbxOptions p = config.telephony().pbxs().get(0);
    assertThat(config.telephony().defaultRegion()).isEqualTo("US");
    assertThat(Set.copyOf(p.inboundContexts())).containsExactlyInAnyOrder("from-pstn", "from-trunk");
    assertThat(Set.copyOf(p.internalContexts())).containsExactlyInAnyOrder("internal", "from-internal");
    assertThat(SwitchboardConfig.fromJson(config.toJson(), Map.of())).isEqualTo(config);
  }

  @Test
  void backlogDefaultsAndRoundTrips() {
    SwitchboardConfig defaults = SwitchboardConfig.fromJson(withTelephony(new JsonObject()), Map.of());
    assertThat(defaults.telephony().backlog().memoryCalls()).isEqualTo(10_000);
    assertThat(defaults.telephony().backlog().spoolDirectory()).isEqualTo("data/call-spool");

    SwitchboardConfig set = SwitchboardConfig.fromJson(withTelephony(new JsonObject().put("backlog",
        new JsonObject().put("memoryCalls", 0).put("spoolDirectory", "/var/spool/switchboard"))), Map.of());
    assertThat(set.telephony().backlog()).isEqualTo(new CallBacklogOptions(0, "/var/spool/switchboard"));
    assertThat(SwitchboardConfig.fromJson(set.toJson(), Map.of())).isEqualTo(set);

    JsonObject negative = withTelephony(new JsonObject().put("backlog", new JsonObject().put("memoryCalls", -1)));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(negative, Map.of()))
        .hasMessageStartingWith("config key 'telephony.backlog.memoryCalls'");
  }

  @Test
  void unknownKeysFailNamingTheirFullPath() {
    JsonObject typoInPbx = withTelephony(new JsonObject().put("defaultRegion", "DE")
        .put("pbxs", new JsonArray().add(pbx().put("secrett", "x"))));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(typoInPbx, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("config key 'telephony.pbxs[0].secrett': unknown key");

    JsonObject typoInTickets = withTelephony(new JsonObject().put("tickets", new JsonObject().put("answerd", "x")));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(typoInTickets, Map.of()))
        .hasMessage("config key 'telephony.tickets.answerd': unknown key");

    JsonObject typoInAgent = withTelephony(new JsonObject().put("defaultRegion", "DE").put("pbxs", new JsonArray()
        .add(pbx().put("agents", new JsonArray().add(new JsonObject().put("extension", "1").put("nmae", "x"))))));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(typoInAgent, Map.of()))
        .hasMessageStartingWith("config key 'telephony.pbxs[0].agents[0].");

    JsonObject typoAtTop = withTelephony(new JsonObject().put("pbx", new JsonArray()));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(typoAtTop, Map.of()))
        .hasMessage("config key 'telephony.pbx': unknown key");
  }

  @Test
  void invalidValuesFailNamingTheKey() {
    JsonObject noRegion = withTelephony(new JsonObject().put("pbxs", new JsonArray().add(pbx())));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(noRegion, Map.of()))
        .hasMessageStartingWith("config key 'telephony.defaultRegion': is required when PBXs are configured");

    JsonObject badRegion = withTelephony(new JsonObject().put("defaultRegion", "Germany"));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badRegion, Map.of()))
        .hasMessage("config key 'telephony.defaultRegion': must be an ISO 3166 region code such as DE or US, "
            + "was 'Germany'");

    JsonObject overlap = withTelephony(new JsonObject().put("defaultRegion", "DE").put("pbxs", new JsonArray()
        .add(pbx().put("inboundContexts", List.of("from-pstn")).put("internalContexts", List.of("from-pstn")))));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(overlap, Map.of()))
        .hasMessage("config key 'telephony.pbxs[0].internalContexts': must not repeat inboundContexts, both have "
            + "[from-pstn]");

    JsonObject badPolicy = withTelephony(new JsonObject().put("tickets", new JsonObject().put("answered", "ignore")));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badPolicy, Map.of()))
        .hasMessage("config key 'telephony.tickets.answered': must be one of [log-on-open-ticket, new-ticket], "
            + "was 'ignore'");

    JsonObject badCallBack =
        withTelephony(new JsonObject().put("tickets", new JsonObject().put("callBackFor", List.of("answered"))));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badCallBack, Map.of()))
        .hasMessageStartingWith("config key 'telephony.tickets.callBackFor': must list dispositions out of");

    JsonObject noMailbox = withTelephony(new JsonObject().put("tickets", new JsonObject().put("mailbox", "sales")));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(noMailbox, Map.of()))
        .hasMessage("config key 'telephony.tickets.mailbox': names no configured mailbox: 'sales'");

    JsonObject twice = withTelephony(new JsonObject().put("defaultRegion", "DE")
        .put("pbxs", new JsonArray().add(pbx()).add(pbx())));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(twice, Map.of()))
        .hasMessage("config key 'telephony.pbxs[1].name': duplicate PBX name 'office'");

    JsonObject badPort = withTelephony(new JsonObject().put("defaultRegion", "DE")
        .put("pbxs", new JsonArray().add(pbx().put("port", 0))));
    assertThatThrownBy(() -> SwitchboardConfig.fromJson(badPort, Map.of()))
        .hasMessage("config key 'telephony.pbxs[0].port': must be between 1 and 65535, was 0");
  }
}
