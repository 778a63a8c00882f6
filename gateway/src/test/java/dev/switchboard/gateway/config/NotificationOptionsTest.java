package dev.switchboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.notify.NotificationEvent;
import dev.switchboard.gateway.notify.NotificationPolicy.Coordinator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The notification keys of issue 9: agents.notify, notifyEvents, notifyOverrides and notifications.ticketUrl. */
class NotificationOptionsTest {
  private static final String EXAMPLE =
      """
      smtp:
        host: localhost
      notifications:
        ticketUrl: https://desk.example.com/api/tickets/{number}
      mailboxes:
        - name: support
          address: support@example.com
          agents:
            addresses: [Alice@Example.com]
            domains: [it-partner.example]
            notify: [OnCall@it-partner.example, alice@example.com]
            notifyEvents: [opened, reply, flagged]
            notifyOverrides:
              - address: oncall@it-partner.example
                events: [missed-call, voicemail]
          imap:
            host: localhost
            username: u
            password: p
      """;

  private static SwitchboardConfig load(String yaml) {
    return SwitchboardConfig.fromJson(SwitchboardConfig.parseYaml(yaml), Map.of());
  }

  @Test
  void readsWhoIsNotifiedOfWhatEachAddressOnce() {
    SwitchboardConfig config = load(EXAMPLE);
    assertThat(config.mailboxes().get(0).agents().notificationRecipients()).containsExactly(
        new Coordinator("alice@example.com",
            Set.of(NotificationEvent.OPENED, NotificationEvent.REPLY, NotificationEvent.FLAGGED)),
        new Coordinator("oncall@it-partner.example",
            Set.of(NotificationEvent.MISSED_CALL, NotificationEvent.VOICEMAIL)));
    assertThat(config.notifications().ticketUrl(config.http(), 1042))
        .isEqualTo("https://desk.example.com/api/tickets/1042");
    SwitchboardConfig attach = load(EXAMPLE.replace("notifications:\n", "notifications:\n  attachMaxBytes: 2MB\n  digestAt: '7:30'\n"));
    assertThat(attach.notifications().digestAt()).hasToString("07:30");
    assertThat(attach.notifications().attachMaxBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(SwitchboardConfig.fromJson(attach.toJson(), Map.of())).isEqualTo(attach);
    assertThat(SwitchboardConfig.fromJson(config.toJson(), Map.of())).isEqualTo(config);
  }

  @Test
  void byDefaultTheCoordinatorAddressesGetEveryEventAndLinksPointAtTheListener() {
    SwitchboardConfig config = load(EXAMPLE.replaceAll("(?s)      notify:.*?events: \\[missed-call, voicemail\\]\n", "")
        .replaceAll("(?s)notifications:.*?\\{number}\n", ""));
    assertThat(config.mailboxes().get(0).agents().notificationRecipients())
        .containsExactly(new Coordinator("alice@example.com", NotificationEvent.DEFAULTS));
    assertThat(config.notifications().ticketUrl(config.http(), 7)).isEqualTo("http://127.0.0.1:8080/tickets/7");
    assertThat(config.notifications().attachMaxBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(config.notifications().digestAt()).as("no digest unless asked for").isNull();
  }

  @Test
  void badNotificationSettingsFailNamingTheKey() {
    assertThatThrownBy(() -> load(EXAMPLE.replace("[opened, reply, flagged]", "[opened, sla]")))
        .hasMessageContaining("mailboxes[0].agents.notifyEvents").hasMessageContaining("'sla' is not an event");
    assertThatThrownBy(() -> load(EXAMPLE.replace("OnCall@it-partner.example", "oncall")))
        .hasMessageContaining("mailboxes[0].agents.notify");
    assertThatThrownBy(() -> load(EXAMPLE.replace("OnCall@it-partner.example", "someone@elsewhere.example")))
        .hasMessageContaining("mailboxes[0].agents.notify").hasMessageContaining("is not a coordinator");
    assertThatThrownBy(() -> load(EXAMPLE.replace("https://desk.example.com/api/tickets/{number}",
        "https://desk.example.com/api/tickets")))
        .hasMessageContaining("notifications.ticketUrl");
    assertThatThrownBy(() -> load(EXAMPLE.replace("notifications:\n", "notifications:\n  attachMaxBytes: lots\n")))
        .hasMessageContaining("notifications.attachMaxBytes");
    assertThatThrownBy(() -> load(EXAMPLE.replace("notifications:\n", "notifications:\n  digestAt: morning\n")))
        .hasMessageContaining("notifications.digestAt").hasMessageContaining("08:00");
  }
}
