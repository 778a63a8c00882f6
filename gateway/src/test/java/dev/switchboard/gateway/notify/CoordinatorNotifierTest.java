package dev.switchboard.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoordinatorNotifierTest {
  @Test
  void theThreadRootIsFixedPerTicketAndCoordinatorAndDoesNotShowTheAddress() {
    String root = CoordinatorNotifier.rootMessageId("support@Example.com", 1042, "Alice@corp.example");
    assertThat(root).isEqualTo(CoordinatorNotifier.rootMessageId("support@example.com", 1042, "alice@corp.example"))
        .startsWith("sb.n.1042.").endsWith("@example.com").doesNotContain("alice");
    assertThat(CoordinatorNotifier.rootMessageId("support@example.com", 1042, "bob@corp.example")).isNotEqualTo(root);
    assertThat(CoordinatorNotifier.rootMessageId("support@example.com", 1043, "alice@corp.example")).isNotEqualTo(root);
    assertThat(CoordinatorNotifier.isNotification("<" + root + ">")).isTrue();
    assertThat(CoordinatorNotifier.isNotification("sb.1042.9f2c@example.com")).as("a mail to the requester").isFalse();
    assertThat(CoordinatorNotifier.isNotification(null)).isFalse();
  }

  @Test
  void ageReadsAsPeopleSayIt() {
    assertThat(CoordinatorNotifier.age(Duration.ofSeconds(59))).isEqualTo("under a minute");
    assertThat(CoordinatorNotifier.age(Duration.ofSeconds(-5))).isEqualTo("under a minute");
    assertThat(CoordinatorNotifier.age(Duration.ofMinutes(42))).isEqualTo("42 min");
    assertThat(CoordinatorNotifier.age(Duration.ofMinutes(60))).isEqualTo("1 h");
    assertThat(CoordinatorNotifier.age(Duration.ofMinutes(185))).isEqualTo("3 h 5 min");
    assertThat(CoordinatorNotifier.age(Duration.ofHours(52))).isEqualTo("2 d 4 h");
    assertThat(CoordinatorNotifier.age(Duration.ofDays(3))).isEqualTo("3 d");
  }
}
