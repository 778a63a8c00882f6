package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.testing.DovecotServer;
import dev.switchboard.gateway.testing.LocalOAuthServer;
import dev.switchboard.gateway.testing.TestClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages over {@code imap.largeMessageBytes} come alone, fetched in parts into a temporary file. */
class ImapSessionLargeMessageTest {
  private static final String USER = "support@example.com";

  private GreenMail mail;
  private ImapSession session;

  @BeforeEach
  void start() {
    mail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
    mail.start();
    mail.setUser(USER, USER, "secret");
    MailboxOptions options = options(new JsonObject().put("port", mail.getImap().getPort()).put("username", USER)
        .put("password", "secret"));
    assertThat(options.imap().largeMessageBytes()).isEqualTo(64 * 1024);
    session = new ImapSession(options);
  }

  private static MailboxOptions options(JsonObject imap) {
    imap.put("host", "127.0.0.1").put("security", "none").put("largeMessageBytes", "64KB");
    JsonObject json = new JsonObject()
        .put("database", new JsonObject().put("url", "postgresql://u@localhost:5432/db"))
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", 25).put("security", "none"))
        .put("mailboxes", new JsonArray().add(new JsonObject().put("name", "support").put("address", USER)
            .put("afterImport", "keep").put("imap", imap)));
    return SwitchboardConfig.fromJson(json, Map.of()).mailboxes().get(0);
  }

  @AfterEach
  void stop() {
    session.close();
    mail.stop();
  }

  @Test
  void aLargeMessageEndsTheBatchBeforeItAndIsThenFetchedAloneInPartsByteIdentical() throws Exception {
    deliver(message("small-1", 100));
    // more than two parts, so the ranges are stitched together and the last one is short
    deliver(message("large", 2 * ImapSession.PART_BYTES + 12_345));
    deliver(message("small-2", 100));
    session.open();

    FetchedBatch first = session.fetchAfter(0);
    assertThat(first.messages()).extracting(FetchedMessage::uid).containsExactly(1L);
    assertThat(first.messages().get(0).spooled()).isFalse();
    assertThat(first.more()).isTrue();

    FetchedBatch second = session.fetchAfter(1);
    assertThat(second.messages()).hasSize(1);
    FetchedMessage large = second.messages().get(0);
    assertThat(large.uid()).isEqualTo(2);
    assertThat(large.spooled()).isTrue();
    assertThat(second.more()).isTrue();
    byte[] whole = session.fetch(List.of(2L)).get(0).content();
    assertThat(large.size()).isEqualTo(whole.length);
    assertThat(Files.readAllBytes(large.spool())).isEqualTo(whole);
    second.discard();
    assertThat(large.spool()).doesNotExist();

    FetchedBatch third = session.fetchAfter(2);
    assertThat(third.messages()).extracting(FetchedMessage::uid).containsExactly(3L);
    assertThat(third.more()).isFalse();
  }

  @Test
  void aMessageGoneBeforeItsSpoolIsNull() {
    session.open();
    assertThat(session.spool(99)).isNull();
  }

  /**
   * A message of exactly two ranges: the third range starts at the end, and Dovecot's empty answer to it is what ends
   * the loop (GreenMail's short last range is checked above).
   */
  @Test
  void dovecotServesTheRangesByteIdenticalToo(@TempDir Path dir) throws Exception {
    assumeTrue(DovecotServer.installed(), "Dovecot is not installed; CI needs: " + DovecotServer.INSTALL);
    try (LocalOAuthServer oauth = new LocalOAuthServer(new TestClock(Instant.now()), USER);
        DovecotServer dovecot = DovecotServer.start(dir, oauth.uri("/introspect"))) {
      dovecot.append(USER, oauth.issueForTest(), exactly("exact", 2 * ImapSession.PART_BYTES));
      JsonObject oauth2 = new JsonObject().put("provider", "generic").put("grant", "refresh_token")
          .put("clientId", LocalOAuthServer.CLIENT_ID).put("clientSecret", LocalOAuthServer.CLIENT_SECRET)
          .put("refreshToken", LocalOAuthServer.REFRESH_TOKEN).put("scope", "mail")
          .put("tokenEndpoint", oauth.uri("/token").toString());
      ImapSession s = new ImapSession(options(new JsonObject().put("port", dovecot.port()).put("auth", "oauth2")
          .put("oauth2", oauth2)));
      FetchedBatch batch = null;
      try {
        s.open();
        batch = s.fetchAfter(0);
        assertThat(batch.messages()).hasSize(1);
        FetchedMessage large = batch.messages().get(0);
        assertThat(large.spooled()).isTrue();
        assertThat(large.size()).isEqualTo(2L * ImapSession.PART_BYTES);
        assertThat(Files.readAllBytes(large.spool())).isEqualTo(s.fetch(List.of(large.uid())).get(0).content());
      } finally {
        if (batch != null) {
          batch.discard();
        }
        s.close();
      }
    }
  }

  private void deliver(String raw) throws Exception {
    mail.getUserManager().getUser(USER).deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
  }

  /** A message of exactly {@code total} bytes, in lines of at most 70 characters. */
  private static String exactly(String id, int total) {
    StringBuilder b = new StringBuilder(total).append("From: <jane@example.org>\r\nTo: ").append(USER)
        .append("\r\nSubject: ").append(id).append("\r\nMessage-ID: <").append(id).append("@example.org>\r\n\r\n");
    int left = total - b.length();
    for (; left > 72; left -= 70) {
      b.append("x".repeat(68)).append("\r\n");
    }
    return b.append("y".repeat(left - 2)).append("\r\n").toString();
  }

  private static String message(String id, int bodyBytes) {
    StringBuilder body = new StringBuilder(bodyBytes + bodyBytes / 70 * 2);
    for (int i = 0; i < bodyBytes; i++) {
      body.append((char) ('a' + i % 26));
      if (i % 70 == 69) {
        body.append("\r\n");
      }
    }
    return "From: <jane@example.org>\r\nTo: " + USER + "\r\nSubject: " + id + "\r\nMessage-ID: <" + id
        + "@example.org>\r\n\r\n" + body + "\r\n";
  }
}
