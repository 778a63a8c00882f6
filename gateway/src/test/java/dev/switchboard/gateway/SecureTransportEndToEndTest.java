package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.store.ConnectionInfo;
import dev.switchboard.store.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** IMAPS and SMTPS (TLS from the first byte) against GreenMail's self-signed certificate, trusted by config. */
class SecureTransportEndToEndTest {
  private static final String SUPPORT = "support@example.com";

  @Test
  void mailIsReadOverImapsAndAnsweredOverSmtps() throws Exception {
    GatewayHarness.start().close(); // empties the shared test database
    GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTPS_IMAPS));
    mail.start();
    mail.setUser(SUPPORT, SUPPORT, "support");
    ConnectionInfo db = TestDatabase.connection();
    JsonObject config =
        new JsonObject()
            .put("http", new JsonObject().put("port", 0))
            .put("database", new JsonObject().put("url",
                "postgresql://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database())
                    .put("password", db.password()))
            .put("smtp", new JsonObject().put("host", "127.0.0.1").put("port", mail.getSmtps().getPort())
                .put("security", "tls").put("trust", "*"))
            .put("outbox", new JsonObject().put("pollIntervalMillis", 100))
            .put("mailboxes", new JsonArray().add(new JsonObject()
                .put("name", "support")
                .put("address", SUPPORT)
                .put("imap", new JsonObject().put("host", "127.0.0.1").put("port", mail.getImaps().getPort())
                    .put("security", "tls").put("trust", "*").put("username", SUPPORT).put("password", "support")
                    .put("pollIntervalSeconds", 1))));
    try (Switchboard app = Switchboard.start(SwitchboardConfig.fromJson(config, Map.of()))) {
      Properties props = new Properties();
      props.put("mail.smtps.host", "127.0.0.1");
      props.put("mail.smtps.port", String.valueOf(mail.getSmtps().getPort()));
      props.put("mail.smtps.ssl.trust", "*");
      props.put("mail.smtps.ssl.checkserveridentity", "false");
      Session session = Session.getInstance(props);
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress("jane@example.org"));
      m.setRecipients(Message.RecipientType.TO, SUPPORT);
      m.setSubject("Over TLS");
      m.setText("Hello over TLS");
      try (Transport t = session.getTransport("smtps")) {
        t.connect();
        t.sendMessage(m, m.getAllRecipients());
      }

      GatewayHarness.await("acknowledgment delivered over SMTPS", Duration.ofSeconds(15),
          () -> java.util.Arrays.stream(mail.getReceivedMessages()).anyMatch(r -> {
            try {
              return r.getSubject().startsWith("Re: [#1001]");
            } catch (Exception e) {
              return false;
            }
          }));
      long tickets = app.pool().query("select count(*) from ticket").execute().await().iterator().next().getLong(0);
      assertThat(tickets).isEqualTo(1);
    } finally {
      mail.stop();
    }
  }
}
