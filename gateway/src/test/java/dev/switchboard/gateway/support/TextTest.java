package dev.switchboard.gateway.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void sizesReadAsPeopleSayThem() {
    assertEquals("0 bytes", Text.bytes(0));
    assertEquals("1023 bytes", Text.bytes(1023));
    assertEquals("1.0 KiB", Text.bytes(1024));
    assertEquals("48.0 KiB", Text.bytes(48 * 1024));
    assertEquals("50.0 MiB", Text.bytes(50L * 1024 * 1024));
    assertEquals("1.5 GiB", Text.bytes(1536L * 1024 * 1024));
  }

  @Test
  void sizesRoundAsFormatDoes() {
    // the hand-made formatting replaced String.format("%.1f"); the two agree, including where a unit rolls over
    long[] sizes = {1075, 1076, 1127, 10_188, 1_048_575, 1_048_576, 52_428_800, 1_073_741_823, 5_000_000_000_000L};
    for (long n : sizes) {
      String[] units = {"KiB", "MiB", "GiB", "TiB"};
      double v = n;
      int unit = -1;
      while (v >= 1024 && unit < units.length - 1) {
        v /= 1024;
        unit++;
      }
      assertEquals(String.format(Locale.ROOT, "%.1f %s", v, units[unit]), Text.bytes(n), "size " + n);
    }
  }
}
