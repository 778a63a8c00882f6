package dev.switchboard.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void sizesReadAsPeopleSayThem() {
    assertThat(Text.bytes(0)).isEqualTo("0 bytes");
    assertThat(Text.bytes(1023)).isEqualTo("1023 bytes");
    assertThat(Text.bytes(1024)).isEqualTo("1.0 KiB");
    assertThat(Text.bytes(48 * 1024)).isEqualTo("48.0 KiB");
    assertThat(Text.bytes(50L * 1024 * 1024)).isEqualTo("50.0 MiB");
    assertThat(Text.bytes(1536L * 1024 * 1024)).isEqualTo("1.5 GiB");
  }

  @Test
  void sizesRoundHalfUpAsStringFormatDid() {
    // what String.format("%.1f %s") printed for these sizes before Text.bytes stopped using it, rounding and the
    // places where a unit rolls over included
    assertThat(Text.bytes(1075)).isEqualTo("1.0 KiB");
    assertThat(Text.bytes(1076)).isEqualTo("1.1 KiB");
    assertThat(Text.bytes(1127)).isEqualTo("1.1 KiB");
    assertThat(Text.bytes(10_188)).isEqualTo("9.9 KiB");
    assertThat(Text.bytes(1_048_575)).isEqualTo("1024.0 KiB");
    assertThat(Text.bytes(1_048_576)).isEqualTo("1.0 MiB");
    assertThat(Text.bytes(1_073_741_823)).isEqualTo("1024.0 MiB");
    assertThat(Text.bytes(5_000_000_000_000L)).isEqualTo("4.5 TiB");
  }
}
