package dev.switchboard.gateway.cli;

import dev.switchboard.gateway.config.OAuth2Options;
import dev.switchboard.gateway.oauth.AccessToken;
import dev.switchboard.gateway.oauth.DeviceAuthorization;
import dev.switchboard.gateway.oauth.DeviceCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "oauth", description = "OAuth2 for Microsoft 365 and Gmail mailboxes.", subcommands = OAuthCommand.Login.class)
final class OAuthCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "choose a command: login");
  }

  @Command(
      name = "login",
      description = "Sign a mailbox in with the device authorisation grant (RFC 8628) and print its refresh token.")
  static final class Login implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
    Path config;

    @Option(names = "--mailbox", required = true, description = "name of a mailbox with imap.auth: oauth2")
    String mailbox;

    @Option(names = "--out", description = "write the refresh token to this new file, readable by its owner only")
    Path out;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Where the environment, clock and waiting come from; tests replace them. */
    Map<String, String> env = System.getenv();
    Clock clock = Clock.systemUTC();
    DeviceAuthorization.Sleeper sleeper = d -> Thread.sleep(d.toMillis());

    @Override
    public Integer call() throws Exception {
      OAuth2Options options = OAuth2Options.forLogin(config, env, mailbox);
      PrintWriter o = spec.commandLine().getOut();
      DeviceAuthorization flow = new DeviceAuthorization(mailbox, options, clock, sleeper);
      DeviceCode code = flow.start();
      o.println("To sign in mailbox " + mailbox + ", open " + code.verificationUri() + " and enter the code "
          + code.userCode());
      o.println("Sign in as the mailbox's user (delegated access). Waiting until " + code.expiresAt() + " ...");
      o.flush();
      AccessToken token = flow.await(code);
      if (out == null) {
        o.println("Signed in. Put this refresh token in the environment variable your config refers to:");
        o.println(token.refreshToken());
      } else {
        write(out, token.refreshToken());
        o.println("Signed in. The refresh token is in " + out + " (owner read/write only).");
      }
      o.flush();
      return 0;
    }

    private static void write(Path file, String secret) throws IOException {
      try {
        // created with owner-only permissions, so the token is never readable by others, not even briefly
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
  }
}
