package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.gateway.intake.ImapMailboxVerticle;
import dev.switchboard.gateway.testing.DovecotServer;
import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.gateway.testing.LocalOAuthServer;
import dev.switchboard.gateway.testing.TestClock;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The real service reading a real Dovecot with SASL XOAUTH2 (tokens checked by Dovecot's oauth2 passdb against a
 * local introspection endpoint) and sending through GreenMail with XOAUTH2, tokens from a local token endpoint.
 * Skipped when Dovecot is not installed.
 */
class OAuthMailEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String JANE = "jane@example.org";

  @TempDir Path dir;
  /** The authorisation server's clock: moving it makes every token issued so far expire at Dovecot. */
  private final TestClock serverClock = new TestClock(Instant.now());
  private LocalOAuthServer oauth;
  private DovecotServer dovecot;
  private GatewayHarness h;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(DovecotServer.installed(), "Dovecot is not installed; CI needs: " + DovecotServer.INSTALL);
    oauth = new LocalOAuthServer(serverClock, SUPPORT);
    dovecot = DovecotServer.start(dir, oauth.uri("/introspect"));
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (dovecot != null) {
      dovecot.close();
    }
    if (oauth != null) {
      oauth.close();
    }
  }

  private void startService() {
    h = GatewayHarness.start(json -> {
      JsonObject imap = json.getJsonArray("mailboxes").getJsonObject(0).getJsonObject("imap");
      imap.put("port", dovecot.port()).put("auth", "oauth2").put("oauth2", oauth2(LocalOAuthServer.CLIENT_ID));
      imap.remove("username");
      imap.remove("password");
      json.getJsonObject("smtp")
          .put("auth", "oauth2").put("username", SUPPORT).put("oauth2", oauth2(LocalOAuthServer.SMTP_CLIENT_ID));
      return json;
    });
    // GreenMail checks an XOAUTH2 token like a password: the newest SMTP token is the one it accepts
    oauth.onIssue((client, token) -> {
      if (client.equals(LocalOAuthServer.SMTP_CLIENT_ID)) {
        h.mail().getUserManager().getUser(SUPPORT).setPassword(token);
      }
    });
  }

  private JsonObject oauth2(String clientId) {
    return new JsonObject()
        .put("provider", "generic")
        .put("grant", "refresh_token")
        .put("clientId", clientId)
        .put("clientSecret", LocalOAuthServer.CLIENT_SECRET)
        .put("refreshToken", LocalOAuthServer.REFRESH_TOKEN)
        .put("scope", "mail")
        .put("tokenEndpoint", oauth.uri("/token").toString());
  }

  private void deliver(String messageId, String subject) throws Exception {
    dovecot.append(SUPPORT, oauth.issueForTest(),
        "From: Jane Doe <" + JANE + ">\r\nTo: " + SUPPORT + "\r\nSubject: " + subject + "\r\nMessage-ID: <"
            + messageId + ">\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\n" + subject + "\r\n");
  }

  private long tickets() {
    return h.count("select count(*) from ticket");
  }

  private JsonObject mailboxHealth() {
    JsonObject c = h.getJson("/health").getJsonObject("components");
    JsonObject m = c == null ? null : c.getJsonObject("mailbox:support");
    return m == null ? new JsonObject().put("status", "unknown") : m;
  }

  @Test
  void intakeAndAcknowledgmentWorkWithXoauth2AndSurviveExpiredTokensWithoutLossOrDuplicates() throws Exception {
    startService();
    deliver("m1@example.org", "VPN down");
    await("ticket for the first mail and its acknowledgment", WAIT,
        () -> tickets() == 1 && h.receivedBy(JANE).size() == 1);
    assertThat(oauth.requests()).contains(LocalOAuthServer.CLIENT_ID + " refresh_token",
        LocalOAuthServer.SMTP_CLIENT_ID + " refresh_token");
    long imapTokens = imapTokenRequests();

    // every token issued so far expires at the server while the service still thinks its own is good for an hour;
    // the restart drops the session, so the service must sign in again and is refused once
    serverClock.advance(Duration.ofHours(2));
    dovecot.restart();
    deliver("m2@example.org", "Printer jammed");

    await("ticket for the second mail and its acknowledgment", WAIT,
        () -> tickets() == 2 && h.receivedBy(JANE).size() == 2);
    assertThat(imapTokenRequests()).as("a fresh IMAP token after the refusal").isGreaterThan(imapTokens);
    await("mailbox up", WAIT, () -> "up".equals(mailboxHealth().getString("status")));
    Thread.sleep(1500);
    assertThat(tickets()).as("nothing doubled").isEqualTo(2);
    assertThat(h.count("select count(*) from raw_message")).isEqualTo(2);
    assertThat(h.receivedBy(JANE)).hasSize(2);
  }

  @Test
  void revokedRefreshTokenShowsTheMailboxDownWithTheReasonAndRecoversOnTheNextRefresh() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(ImapMailboxVerticle.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      startService();
      deliver("m1@example.org", "VPN down");
      await("first ticket", WAIT, () -> tickets() == 1);

      // the refresh token is revoked, and so are the access tokens it gave
      oauth.acceptRefreshToken("rt-after-reconsent");
      oauth.revokeAll();
      dovecot.restart();
      deliver("m2@example.org", "Printer jammed");

      // first down for the dropped connection, then for the reason that keeps it down
      await("mailbox down asking for re-authorisation", WAIT, () -> "down".equals(mailboxHealth().getString("status"))
          && "re-authorise mailbox support: the refresh token was rejected: invalid_grant AADSTS70008"
              .equals(mailboxHealth().getString("detail")));
      assertThat(h.getJson("/health").getString("status")).isNotEqualTo("ok");
      await("a few failed attempts", WAIT, () -> oauth.requests().stream()
          .filter(r -> r.equals(LocalOAuthServer.CLIENT_ID + " refresh_token")).count() >= 3);
      assertThat(tickets()).as("the rest keeps running; no mail is fetched meanwhile").isEqualTo(1);

      // the token is valid again (consent restored): the next refresh brings the mailbox back with its waiting mail
      oauth.acceptRefreshToken(LocalOAuthServer.REFRESH_TOKEN);
      await("waiting mail fetched", WAIT, () -> tickets() == 2);
      await("mailbox up", WAIT, () -> "up".equals(mailboxHealth().getString("status")));
      long warnings = logs.list.stream()
          .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("mailbox unavailable"))
          .count();
      assertThat(warnings).as("logged once per failure streak").isEqualTo(1);
      assertThat(logs.list.stream().map(ILoggingEvent::getFormattedMessage))
          .noneMatch(m -> m.contains(LocalOAuthServer.CLIENT_SECRET) || m.contains(LocalOAuthServer.REFRESH_TOKEN));
    } finally {
      logger.detachAppender(logs);
    }
  }

  private long imapTokenRequests() {
    return oauth.requests().stream().filter(r -> r.startsWith(LocalOAuthServer.CLIENT_ID + " ")).count();
  }
}
