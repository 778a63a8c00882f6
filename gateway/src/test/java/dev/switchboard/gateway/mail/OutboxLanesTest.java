package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.OutboxMail;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxLanesTest {

  private static OutboxMail mail(long id, Long ticketId) {
    return new OutboxMail(id, 1, ticketId, null, "acknowledgment", "m" + id + "@switchboard.test",
        "support@example.com", null, List.of("jane@example.org"), List.of(), "s", null, List.of(), null, "b", null,
        "pending", 0);
  }

  private static List<List<Long>> ids(List<List<OutboxMail>> lanes) {
    return lanes.stream().map(lane -> lane.stream().map(OutboxMail::id).toList()).toList();
  }

  @Test
  void aBatchIsSharedEvenlyInLeasedOrder() {
    List<OutboxMail> leased = List.of(mail(1, 10L), mail(2, 11L), mail(3, 12L), mail(4, 13L), mail(5, 14L));

    assertThat(ids(OutboxLanes.split(leased, 2))).containsExactly(List.of(1L, 3L, 5L), List.of(2L, 4L));
  }

  @Test
  void theMailsOfOneTicketStayOnOneConnectionInOrder() {
    // the acknowledgment of ticket 10 and its status mail must not race on two connections
    List<OutboxMail> leased = List.of(mail(1, 10L), mail(2, 11L), mail(3, 10L), mail(4, 12L), mail(5, 10L));

    assertThat(ids(OutboxLanes.split(leased, 2))).containsExactly(List.of(1L, 3L, 5L), List.of(2L, 4L));
  }

  @Test
  void mailWithoutATicketGoesWhereverThereIsRoom() {
    List<OutboxMail> leased = List.of(mail(1, null), mail(2, null), mail(3, null));

    assertThat(ids(OutboxLanes.split(leased, 2))).containsExactly(List.of(1L, 3L), List.of(2L));
  }

  @Test
  void fewerMailsThanConnectionsLeaveNoEmptyShare() {
    assertThat(ids(OutboxLanes.split(List.of(mail(1, 10L)), 4))).containsExactly(List.of(1L));
    assertThat(OutboxLanes.split(List.of(), 4)).isEmpty();
  }

  @Test
  void oneConnectionSendsTheBatchAsLeased() {
    List<OutboxMail> leased = List.of(mail(3, 12L), mail(1, 10L), mail(2, 12L));

    assertThat(ids(OutboxLanes.split(leased, 1))).containsExactly(List.of(3L, 1L, 2L));
  }

  @Test
  void noConnectionIsAMistake() {
    assertThatThrownBy(() -> OutboxLanes.split(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
