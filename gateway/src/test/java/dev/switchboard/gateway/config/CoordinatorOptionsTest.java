package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.parser.EmailAddress;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The coordinator keys of issue 5: agents per mailbox, reply addresses, statuses and priorities. */
class CoordinatorOptionsTest {
  private static final String EXAMPLE =
      """
      smtp:
        host: localhost
      tickets:
        statuses: [New, Open, Waiting For  Customer, Resolved, Closed]
        priorities: [low, normal, urgent]
        silentStatuses: [new, open]
        reopenWindowDays: 7
        replyTokenSecret: ${REPLY_SECRET}
      mailboxes:
        - name: support
          address: support@example.com
          replyTokens: true
          agents:
            addresses: [Alice@Example.com]
            domains: ["@it-partner.example"]
            trustedAuthservIds: [mx.example.com]
            showAgentName: true
          imap:
            host: localhost
            username: u
            password: p
      """;

  private static SwitchboardConfig load(String yaml) {
    return SwitchboardConfig.fromJson(SwitchboardConfig.parseYaml(yaml), Map.of("REPLY_SECRET", "0123456789abcdef"));
  }

  @Test
  void readsAgentsStatusesAndTheSecretFromTheEnvironment() {
    SwitchboardConfig config = load(EXAMPLE);
    TicketOptions t = config.tickets();
    assertThat(t.statuses()).containsExactly("new", "open", "waiting for customer", "resolved", "closed");
    assertThat(t.priorities()).containsExactly("low", "normal", "urgent");
    assertThat(t.silent("open")).isTrue();
    assertThat(t.silent("resolved")).isFalse();
    assertThat(t.reopenWindowDays()).isEqualTo(7);
    assertThat(t.replyTokenSecret()).isEqualTo("0123456789abcdef");
    AgentOptions agents = config.mailboxes().get(0).agents();
    assertThat(agents.isAgent(EmailAddress.of("alice@example.com"))).isTrue();
    assertThat(agents.isAgent(EmailAddress.of("bob@it-partner.example"))).isTrue();
    assertThat(agents.isAgent(EmailAddress.of("bob@mail.it-partner.example"))).as("not subdomains").isFalse();
    assertThat(agents.isAgent(EmailAddress.of("jane@example.com"))).isFalse();
    assertThat(agents.showAgentName()).isTrue();
    assertThat(config.mailboxes().get(0).replyTokens()).isTrue();
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    SwitchboardConfig config = load(EXAMPLE.replaceAll("(?s)tickets:.*?mailboxes:", "mailboxes:")
        .replace("replyTokens: true", "replyTokens: false"));
    assertThat(config.tickets()).isEqualTo(TicketOptions.DEFAULTS);
    assertThat(config.tickets().statuses())
        .containsExactly("new", "open", "waiting", "on hold", "resolved", "closed", "spam");
    assertThat(config.tickets().silentStatuses()).containsExactly("new", "open", "on hold", "spam");
  }

  @Test
  void toJsonRoundTrips() {
    SwitchboardConfig config = load(EXAMPLE);
    JsonObject json = config.toJson();
    assertThat(SwitchboardConfig.fromJson(json, Map.of())).isEqualTo(config);
  }

  @Test
  void badCoordinatorSettingsFailNamingTheKey() {
    assertThatThrownBy(() -> load(EXAMPLE.replace("  replyTokenSecret: ${REPLY_SECRET}\n", "")))
        .hasMessage("config key 'mailboxes[0].replyTokens': needs tickets.replyTokenSecret");
    assertThatThrownBy(() -> load(EXAMPLE.replace("${REPLY_SECRET}", "short")))
        .hasMessage("config key 'tickets.replyTokenSecret': must have at least 16 characters");
    assertThatThrownBy(() -> load(EXAMPLE.replace("Resolved, ", "")))
        .hasMessage("config key 'tickets.statuses': must include 'resolved' (the gateway sets it itself)");
    assertThatThrownBy(() -> load(EXAMPLE.replace("silentStatuses: [new, open]", "silentStatuses: [new, paused]")))
        .hasMessageStartingWith("config key 'tickets.silentStatuses': names 'paused', which is not in statuses");
    assertThatThrownBy(() -> load(EXAMPLE.replace("[low, normal, urgent]", "[low, high]")))
        .hasMessage("config key 'tickets.priorities': must include 'normal' (the priority of a new ticket)");
    assertThatThrownBy(() -> load(EXAMPLE.replace("[Alice@Example.com]", "[alice]")))
        .hasMessage("config key 'mailboxes[0].agents.addresses': 'alice' is not an email address");
    assertThatThrownBy(() -> load(EXAMPLE.replace("showAgentName: true", "showAgentNames: true")))
        .hasMessage("config key 'mailboxes[0].agents.showAgentNames': unknown key");
  }
}
