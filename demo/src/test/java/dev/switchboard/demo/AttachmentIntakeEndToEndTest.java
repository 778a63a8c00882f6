package dev.switchboard.demo;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.demo.bench.LargeAttachmentMail;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Attachments from the mailbox into chunked storage and back out of the HTTP API. */
class AttachmentIntakeEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void fiftyMegabyteAttachmentIsStoredAndDownloadedByteIdentical() throws Exception {
    h = GatewayHarness.start();
    long size = 50L * 1024 * 1024;
    ByteArrayOutputStream raw = new ByteArrayOutputStream((int) (size * 14 / 10));
    String sha256 = new LargeAttachmentMail("big@example.org", "server-logs.tar", size, 11).writeTo(raw);
    h.deliverToMailbox(raw.toByteArray());
    raw = null;

    JsonObject file = awaitAttachment(1001, "server-logs.tar");
    assertThat(file.getLong("size")).isEqualTo(size);
    assertThat(file.getBoolean("stored")).isTrue();
    assertThat(h.count("select count(*) from attachment_chunk")).isEqualTo(50);
    assertThat(h.count("select max(length(data)) from attachment_chunk")).isEqualTo(1024 * 1024);

    HttpResponse<InputStream> response = download(1001, file.getLong("id"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).contains(Long.toString(size));
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    long read = 0;
    try (InputStream in = response.body()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
        read += n;
      }
    }
    assertThat(read).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(sha256);
  }

  @Test
  void identicalAttachmentsAreStoredOnce() throws Exception {
    h = GatewayHarness.start();
    String report = Base64.getMimeEncoder().encodeToString("quarterly numbers\n".repeat(5000).getBytes());
    h.deliver(withAttachments("twice@example.org", "Two copies", report, "report.csv", "report (1).csv"));
    h.deliver(withAttachments("again@example.org", "Once more", report, "report.csv"));

    awaitAttachment(1002, "report.csv");
    assertThat(h.count("select count(*) from attachment")).isEqualTo(3);
    assertThat(h.count("select count(distinct sha256) from attachment")).isEqualTo(1);
    assertThat(h.count("select count(*) from attachment_blob")).isEqualTo(1);
    JsonObject first = awaitAttachment(1001, "report (1).csv");
    HttpResponse<InputStream> response = download(1001, first.getLong("id"));
    try (InputStream in = response.body()) {
      assertThat(new String(in.readAllBytes())).isEqualTo("quarterly numbers\n".repeat(5000));
    }
  }

  @Test
  void attachmentOverTheLimitIsRecordedNotStoredAndTheTicketSaysSo() throws Exception {
    h = GatewayHarness.start(c -> c.put("limits", new JsonObject().put("maxAttachmentBytes", "1KB")));
    String small = Base64.getMimeEncoder().encodeToString("ok".getBytes());
    String big = Base64.getMimeEncoder().encodeToString(new byte[4096]);
    h.deliver(mixed("over@example.org", "Screenshots", new String[] {small, "note.txt"}, new String[] {big, "screen.png"}));

    JsonObject dropped = awaitAttachment(1001, "screen.png");
    assertThat(dropped.getBoolean("stored")).isFalse();
    assertThat(dropped.getLong("size")).isEqualTo(4096);
    JsonObject kept = awaitAttachment(1001, "note.txt");
    assertThat(kept.getBoolean("stored")).isTrue();
    assertThat(download(1001, dropped.getLong("id")).statusCode()).isEqualTo(410);
    JsonObject ticket = h.getJson("/tickets/1001");
    String notes = ticket.getJsonArray("messages").stream()
        .map(m -> (JsonObject) m)
        .filter(m -> "system".equals(m.getString("kind")) || "system".equals(m.getString("channel")))
        .map(m -> m.getString("text"))
        .reduce("", String::concat);
    assertThat(notes).contains("screen.png (4.0 KiB, over limits.maxAttachmentBytes 1.0 KiB)");
    assertThat(notes).doesNotContain("note.txt");
    assertThat(h.count("select count(*) from raw_message where state = 'processed'")).isEqualTo(1);
  }

  private JsonObject awaitAttachment(long ticket, String filename) {
    JsonObject[] found = new JsonObject[1];
    await("attachment " + filename + " on ticket " + ticket, WAIT, () -> {
      JsonObject t = h.getJson("/tickets/" + ticket);
      JsonArray messages = t.getJsonArray("messages");
      if (messages == null) {
        return false;
      }
      for (Object m : messages) {
        for (Object a : ((JsonObject) m).getJsonArray("attachments")) {
          if (filename.equals(((JsonObject) a).getString("filename"))) {
            found[0] = (JsonObject) a;
            return true;
          }
        }
      }
      return false;
    });
    return found[0];
  }

  private HttpResponse<InputStream> download(long ticket, long id) throws Exception {
    return HttpClient.newHttpClient()
        .send(h.request("/tickets/" + ticket + "/attachments/" + id).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String withAttachments(String messageId, String subject, String base64, String... names) {
    String[][] parts = new String[names.length][];
    for (int i = 0; i < names.length; i++) {
      parts[i] = new String[] {base64, names[i]};
    }
    return mixed(messageId, subject, parts);
  }

  private static String mixed(String messageId, String subject, String[]... attachments) {
    StringBuilder b = new StringBuilder()
        .append("From: Jane Doe <jane@example.org>\r\nTo: ").append(SUPPORT).append("\r\n")
        .append("Subject: ").append(subject).append("\r\nMessage-ID: <").append(messageId).append(">\r\n")
        .append("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n")
        .append("--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n");
    for (String[] a : attachments) {
      b.append("--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"")
          .append(a[1]).append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n").append(a[0]).append("\r\n");
    }
    return b.append("--b--\r\n").toString();
  }
}
