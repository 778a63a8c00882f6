package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetTest {
  @Test
  void foldsConsecutiveUidsIntoRanges() {
    assertThat(UidSet.of(List.of(1L, 2L, 3L, 5L, 7L, 8L))).isEqualTo("1:3,5,7:8");
    assertThat(UidSet.of(List.of(42L))).isEqualTo("42");
  }
}
