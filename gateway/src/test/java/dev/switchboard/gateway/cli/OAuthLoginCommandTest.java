package dev.switchboard.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.LocalOAuthServer;
import dev.switchboard.gateway.testing.TestClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OAuthLoginCommandTest {
  @Test
  void printsTheCodeWaitsAndWritesTheRefreshTokenForTheOwnerOnly(@TempDir Path dir) throws Exception {
    TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
    try (LocalOAuthServer server = new LocalOAuthServer(clock, "support@example.com")) {
      server.deviceAnswers("authorization_pending", "approved");
      Path config = dir.resolve("switchboard.yaml");
      Files.writeString(config, """
          mailboxes:
            - name: support
              address: support@example.com
              imap:
                host: outlook.office365.com
                auth: oauth2
                oauth2:
                  provider: microsoft
                  tenantId: contoso.onmicrosoft.com
                  clientId: %s
                  refreshToken: ${SUPPORT_REFRESH_TOKEN}
                  tokenEndpoint: %s
                  deviceEndpoint: %s
          """.formatted(LocalOAuthServer.CLIENT_ID, server.uri("/token"), server.uri("/devicecode")));
      Path out = dir.resolve("refresh-token");

      OAuthCommand.Login login = new OAuthCommand.Login();
      login.env = Map.of();
      login.clock = clock;
      login.sleeper = clock::advance;
      StringWriter printed = new StringWriter();
      CommandLine cmd = new CommandLine(login).setOut(new PrintWriter(printed));
      int exit = cmd.execute("--config", config.toString(), "--mailbox", "support", "--out", out.toString());

      assertThat(exit).isZero();
      assertThat(printed.toString())
          .contains("open https://microsoft.com/devicelogin and enter the code ABCD-EFGH")
          .doesNotContain("rt-from-device");
      assertThat(Files.readString(out).strip()).isEqualTo("rt-from-device");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }
  }
}
