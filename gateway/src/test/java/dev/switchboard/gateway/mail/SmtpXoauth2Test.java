package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.OAuth2Options;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.gateway.testing.LocalOAuthServer;
import dev.switchboard.gateway.testing.TestClock;
import dev.switchboard.gateway.oauth.OAuth2Exception;
import dev.switchboard.store.OutboxMail;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMTP sign-in with XOAUTH2 against GreenMail, which checks the token like a password. */
class SmtpXoauth2Test {
  private static final String SUPPORT = "support@example.com";
  private final TestClock clock = new TestClock(Instant.now());
  private GreenMail mail;
  private LocalOAuthServer oauth;

  @BeforeEach
  void start() throws Exception {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    mail.setUser(SUPPORT, SUPPORT, "no-token-yet");
    oauth = new LocalOAuthServer(clock, SUPPORT);
    oauth.onIssue((client, token) -> mail.getUserManager().getUser(SUPPORT).setPassword(token));
  }

  @AfterEach
  void stop() {
    mail.stop();
    oauth.close();
  }

  private SmtpMailSender sender(String refreshToken) {
    OAuth2Options o = new OAuth2Options(OAuth2Options.Provider.GENERIC, OAuth2Options.Grant.REFRESH_TOKEN, null,
        LocalOAuthServer.SMTP_CLIENT_ID, LocalOAuthServer.CLIENT_SECRET, refreshToken, "mail", oauth.uri("/token"),
        null);
    return new SmtpMailSender(new SmtpOptions("127.0.0.1", mail.getSmtp().getPort(), TransportSecurity.NONE, SUPPORT,
        null, 5, null, MailAuth.OAUTH2, o));
  }

  private static OutboxMail mail(long id) {
    return new OutboxMail(id, 1, null, null, "acknowledgment", "ack" + id + "@example.com", SUPPORT, "Example IT",
        List.of("jane@example.org"), List.of(), "Re: VPN", null, List.of(), new JsonObject(), "Got it.", null,
        "pending", 0);
  }

  private static SendResult sendOne(SmtpMailSender sender, OutboxMail mail) {
    try (MailRelay.Connection c = sender.connect()) {
      return c.send(mail);
    }
  }

  @Test
  void sendsWithATokenAndRetriesOnceWithAFreshOneWhenTheServerRefusesIt() throws Exception {
    SmtpMailSender sender = sender(LocalOAuthServer.REFRESH_TOKEN);
    assertThat(sendOne(sender, mail(1)).outcome()).isEqualTo(SendResult.Outcome.SENT);

    // the server stops accepting the cached token before it expires (revoked, or a clock apart)
    mail.getUserManager().getUser(SUPPORT).setPassword("revoked");
    assertThat(sendOne(sender, mail(2)).outcome()).isEqualTo(SendResult.Outcome.SENT);

    assertThat(oauth.requests()).hasSize(2);
    assertThat(mail.getReceivedMessages()).hasSize(2);
  }

  @Test
  void aRevokedRefreshTokenLeavesTheMailForLaterWithTheReason() {
    // the outbox records the connection's failure as a retry of every mail of the batch, with this message
    assertThatThrownBy(() -> sender("rt-revoked").connect())
        .isInstanceOf(OAuth2Exception.class)
        .hasMessage("re-authorise mailbox " + SUPPORT + ": the refresh token was rejected: invalid_grant AADSTS70008")
        .matches(e -> ((OAuth2Exception) e).isTransient() == false, "not retryable by itself");
    assertThat(mail.getReceivedMessages()).isEmpty();
  }
}
