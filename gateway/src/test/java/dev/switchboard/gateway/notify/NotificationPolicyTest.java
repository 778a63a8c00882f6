package dev.switchboard.gateway.notify;

import static dev.switchboard.gateway.notify.NotificationEvent.FLAGGED;
import static dev.switchboard.gateway.notify.NotificationEvent.MISSED_CALL;
import static dev.switchboard.gateway.notify.NotificationEvent.OPENED;
import static dev.switchboard.gateway.notify.NotificationEvent.REPLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.notify.NotificationPolicy.Coordinator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationPolicyTest {
  private static final Coordinator ALICE = new Coordinator("Alice@Corp.example", NotificationEvent.DEFAULTS);
  private static final Coordinator BOB = new Coordinator("bob@corp.example", NotificationEvent.DEFAULTS);
  private static final Coordinator CARL = new Coordinator("carl@corp.example", Set.of(FLAGGED, MISSED_CALL));
  private static final List<Coordinator> ALL = List.of(ALICE, BOB, CARL);

  @Test
  void anUnassignedTicketTellsEveryCoordinatorWhoWantsTheEvent() {
    assertThat(NotificationPolicy.recipients(OPENED, null, ALL, "jane@example.org"))
        .containsExactly("alice@corp.example", "bob@corp.example");
    assertThat(NotificationPolicy.recipients(MISSED_CALL, " ", ALL, null))
        .containsExactly("alice@corp.example", "bob@corp.example", "carl@corp.example");
  }

  @Test
  void anAssignedTicketTellsOnlyTheAssigneeNamedByAddressOrLocalPart() {
    assertThat(NotificationPolicy.recipients(REPLY, "BOB@corp.example", ALL, "jane@example.org"))
        .containsExactly("bob@corp.example");
    assertThat(NotificationPolicy.recipients(REPLY, "bob", ALL, "jane@example.org"))
        .containsExactly("bob@corp.example");
  }

  @Test
  void anAssigneeTheConfigDoesNotKnowLeavesNobodyUntold() {
    assertThat(NotificationPolicy.recipients(REPLY, "Robert from 2nd level", ALL, null))
        .containsExactly("alice@corp.example", "bob@corp.example");
  }

  @Test
  void anAssigneeWhoDoesNotWantTheEventIsNotTold() {
    assertThat(NotificationPolicy.recipients(REPLY, "carl", ALL, null)).isEmpty();
  }

  @Test
  void nobodyIsToldAboutTheirOwnAction() {
    assertThat(NotificationPolicy.recipients(REPLY, null, ALL, "ALICE@corp.example"))
        .containsExactly("bob@corp.example");
    assertThat(NotificationPolicy.recipients(REPLY, "alice", ALL, "alice@corp.example")).isEmpty();
  }

  @Test
  void eachAddressOnceAndNoCoordinatorsNoMail() {
    assertThat(NotificationPolicy.recipients(OPENED, null, List.of(BOB, BOB), null))
        .containsExactly("bob@corp.example");
    assertThat(NotificationPolicy.recipients(OPENED, null, List.of(), null)).isEmpty();
  }

  @Test
  void aCoordinatorNeedsARealAddress() {
    assertThatThrownBy(() -> new Coordinator("corp.example", Set.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
