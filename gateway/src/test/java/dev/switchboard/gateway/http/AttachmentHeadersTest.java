package dev.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttachmentHeadersTest {
  @Test
  void safeTypesPassEverythingElseIsAPlainDownload() {
    assertThat(AttachmentHeaders.contentType("image/PNG")).isEqualTo("image/png");
    assertThat(AttachmentHeaders.contentType("application/pdf; name=\"a.pdf\"")).isEqualTo("application/pdf");
    assertThat(AttachmentHeaders.contentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assertThat(AttachmentHeaders.contentType("text/html")).isEqualTo("application/octet-stream");
    assertThat(AttachmentHeaders.contentType("image/svg+xml")).isEqualTo("application/octet-stream");
    assertThat(AttachmentHeaders.contentType("application/xhtml+xml")).isEqualTo("application/octet-stream");
    assertThat(AttachmentHeaders.contentType("text/javascript")).isEqualTo("application/octet-stream");
    assertThat(AttachmentHeaders.contentType("}}garbage\r\nX-Evil: 1")).isEqualTo("application/octet-stream");
    assertThat(AttachmentHeaders.contentType(null)).isEqualTo("application/octet-stream");
  }

  @Test
  void textKeepsAWellFormedCharsetOnly() {
    assertThat(AttachmentHeaders.contentType("text/plain; charset=\"ISO-8859-1\""))
        .isEqualTo("text/plain; charset=iso-8859-1");
    assertThat(AttachmentHeaders.contentType("text/plain")).isEqualTo("text/plain; charset=utf-8");
    assertThat(AttachmentHeaders.contentType("text/plain; charset=\"x\r\ny\""))
        .isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void nonAsciiNamesGoAsFilenameStarWithAnAsciiFallback() {
    assertThat(AttachmentHeaders.contentDisposition("Grüße.pdf"))
        .isEqualTo("attachment; filename=\"Gr__e.pdf\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe.pdf");
    assertThat(AttachmentHeaders.contentDisposition("report (1).csv"))
        .isEqualTo("attachment; filename=\"report (1).csv\"; filename*=UTF-8''report%20%281%29.csv");
    assertThat(AttachmentHeaders.contentDisposition("日本.txt"))
        .isEqualTo("attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt");
  }

  @Test
  void quotesSeparatorsAndControlsNeverReachTheHeader() {
    assertThat(AttachmentHeaders.contentDisposition("a\"b\r\nSet-Cookie: x.txt"))
        .isEqualTo("attachment; filename=\"a_b__Set-Cookie: x.txt\"; filename*=UTF-8''a%22b__Set-Cookie%3A%20x.txt");
    assertThat(AttachmentHeaders.contentDisposition("../../etc/passwd"))
        .startsWith("attachment; filename=\".._.._etc_passwd\"");
    assertThat(AttachmentHeaders.contentDisposition("100%.txt")).contains("filename=\"100_.txt\"")
        .contains("filename*=UTF-8''100%25.txt");
    assertThat(AttachmentHeaders.contentDisposition("")).isEqualTo(
        "attachment; filename=\"attachment\"; filename*=UTF-8''attachment");
    assertThat(AttachmentHeaders.contentDisposition(null)).contains("filename=\"attachment\"");
    assertThat(AttachmentHeaders.contentDisposition("x".repeat(500)).length()).isLessThan(500);
  }
}
