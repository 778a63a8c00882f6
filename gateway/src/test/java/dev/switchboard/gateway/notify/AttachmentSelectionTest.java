package dev.switchboard.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.AttachmentInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttachmentSelectionTest {
  private static AttachmentInfo file(long id, String name, long size, boolean stored) {
    return new AttachmentInfo(id, 1, name, "application/octet-stream", size, false, null, stored ? "h" + id : null,
        stored);
  }

  @Test
  void attachesInOrderWhatFitsListsTheRestAndSkipsDroppedContent() {
    AttachmentInfo a = file(1, "a.pdf", 600, true);
    AttachmentInfo big = file(2, "big.zip", 900, true);
    AttachmentInfo dropped = file(3, "huge.iso", 10, false);
    AttachmentInfo b = file(4, "b.png", 400, true);
    AttachmentSelection s = AttachmentSelection.choose(List.of(a, big, dropped, b), 1000);
    assertThat(s.attached()).as("a smaller file after one that did not fit still fits").containsExactly(a, b);
    assertThat(s.listedOnly()).containsExactly(big);
    assertThat(s.attachedIds()).containsExactly(1L, 4L);
  }

  @Test
  void aZeroBudgetAttachesNothing() {
    AttachmentSelection s = AttachmentSelection.choose(List.of(file(1, "a", 1, true), file(2, "empty", 0, true)), 0);
    assertThat(s.attached()).isEmpty();
    assertThat(s.listedOnly()).hasSize(2);
  }
}
