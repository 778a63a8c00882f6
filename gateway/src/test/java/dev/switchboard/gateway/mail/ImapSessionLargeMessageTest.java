package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.SwitchboardConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
    JsonObject imap = new JsonObject().put("host", "127.0.0.1").put("port", mail.getImap().getPort())
        .put("security", "none").put("username", USER).put("password", "secret").put("largeMessageBytes", "64KB");
    JsonObject json = new JsonObject()
        .put("database", new JsonObject().put("url", "postgresql://u@localhost:5432/db"))
        .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", 25).put("security", "none"))
        .put("mailboxes", new JsonArray().add(new JsonObject().put("name", "support").put("address", USER)
            .put("afterImport", "keep").put("imap", imap)));
    MailboxOptions options = SwitchboardConfig.fromJson(json, Map.of()).mailboxes().get(0);
    assertThat(options.imap().largeMessageBytes()).isEqualTo(64 * 1024);
    session = new ImapSession(options);
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

  private void deliver(String raw) throws Exception {
    mail.getUserManager().getUser(USER).deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
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
