package dev.switchboard.demo.cli;

import dev.switchboard.gateway.Switchboard;
import dev.switchboard.gateway.cli.Cli;
import dev.switchboard.demo.DemoMailServer;
import dev.switchboard.demo.DemoPbx;
import dev.switchboard.gateway.http.BearerToken;
import dev.switchboard.store.ApiRole;
import dev.switchboard.store.ApiToken;
import dev.switchboard.store.ApiTokenRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description = "Run the gateway with an embedded PostgreSQL, an embedded mail server and a replayed phone system, "
        + "and send it sample mail.")
final class DemoCommand implements Callable<Integer> {
  private static final Duration CALL_EVERY = Duration.ofSeconds(20);
  private static final Duration FIRST_CALL_AFTER = Duration.ofSeconds(15);

  @Option(names = "--http-port", defaultValue = "8080", description = "HTTP API port (default: ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = "--smtp-port", defaultValue = "3025", description = "demo SMTP port (default: ${DEFAULT-VALUE})")
  int smtpPort;

  @Option(names = "--imap-port", defaultValue = "3143", description = "demo IMAP port (default: ${DEFAULT-VALUE})")
  int imapPort;

  @Option(names = "--ami-port", defaultValue = "5038",
      description = "demo phone system (Asterisk Manager Interface) port (default: ${DEFAULT-VALUE})")
  int amiPort;

  @Option(names = "--data", description = "keep the database in this directory (default: a temporary one)")
  String dataDirectory;

  @Option(names = "--no-samples", description = "do not send the sample mails at start-up")
  boolean noSamples;

  @Override
  public Integer call() {
    DemoMailServer mail = new DemoMailServer(smtpPort, imapPort).start();
    DemoPbx pbx;
    Switchboard app;
    String token;
    try {
      pbx = new DemoPbx(amiPort, CALL_EVERY, FIRST_CALL_AFTER, Duration.ofSeconds(2)).start();
    } catch (RuntimeException e) {
      mail.close();
      throw e;
    }
    try {
      app = Switchboard.start(pbx.config(httpPort, smtpPort, imapPort, dataDirectory));
      DemoPbx.registerJane(app.pool()).await();
      token = createAdminToken(app);
    } catch (RuntimeException e) {
      pbx.close();
      mail.close();
      throw e;
    }
    if (!noSamples) {
      sendSamples(mail);
    }
    printWelcome(app.httpPort(), pbx.port(), token);
    Cli.awaitShutdown(
        () -> {
          app.close();
          pbx.close();
          mail.close();
        });
    return 0;
  }

  /** A fresh admin token per start: with --data the database outlives the run, and token names stay taken. */
  private static String createAdminToken(Switchboard app) {
    String token = BearerToken.generate();
    String name = "demo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
    ApiToken created = new ApiTokenRepository(app.pool()).create(name, ApiRole.ADMIN, BearerToken.sha256(token)).await();
    if (created == null) {
      throw new IllegalStateException("demo token " + name + " exists already; start the demo again");
    }
    return token;
  }

  private static void sendSamples(DemoMailServer mail) {
    mail.send(
        "Jane Doe <" + DemoMailServer.REQUESTER_ADDRESS + ">",
        DemoMailServer.SUPPORT_ADDRESS,
        "Printer on floor 3 is jammed",
        "Hi,\n\nthe printer next to the kitchen on floor 3 shows \"Paper jam in tray 2\" and nothing prints.\n"
            + "Could someone have a look?\n\nThanks,\nJane\n",
        Map.of());
    mail.send(
        "Bob Builder <bob@example.test>",
        DemoMailServer.SUPPORT_ADDRESS,
        "Automatic reply: Out of office",
        "I am out of the office until Monday and will answer your message when I return.\n",
        Map.of("Auto-Submitted", "auto-replied"));
  }

  private void printWelcome(int actualHttpPort, int actualAmiPort, String token) {
    String h = DemoMailServer.HOST;
    System.out.println();
    System.out.println("Switchboard demo is running. Stop it with Ctrl-C.");
    System.out.println();
    System.out.println("  HTTP API        http://" + h + ":" + actualHttpPort + "/tickets");
    System.out.println("  API token       " + token + "  (role admin; every request but /health needs it)");
    System.out.println("  Support mailbox " + DemoMailServer.SUPPORT_ADDRESS + "  (watched over IMAP " + h + ":" + imapPort
        + ", password " + DemoMailServer.SUPPORT_PASSWORD + ")");
    System.out.println("  Send mail to it SMTP " + h + ":" + smtpPort + ", no login, any sender");
    System.out.println("  Read replies as " + DemoMailServer.REQUESTER_ADDRESS + " over IMAP " + h + ":" + imapPort
        + ", password " + DemoMailServer.REQUESTER_PASSWORD);
    System.out.println("  Coordinator     " + DemoMailServer.COORDINATOR_ADDRESS + " over IMAP " + h + ":" + imapPort
        + ", password " + DemoMailServer.COORDINATOR_PASSWORD + ": told about new tickets, replies and missed calls;");
    System.out.println("                  reply to one (Reply-To is her own address for that ticket) to answer Jane,"
        + " with #commands");
    System.out.println("  Phone system    AMI " + h + ":" + actualAmiPort + " (user " + DemoPbx.USERNAME + ", secret "
        + DemoPbx.SECRET + ") replays " + DemoPbx.TRANSCRIPTS.size() + " recorded calls, one every "
        + CALL_EVERY.toSeconds() + " s:");
    System.out.println("                  http://" + h + ":" + actualHttpPort + "/calls   (Jane's call lands on her ticket;"
        + " missed calls open call-back tickets)");
    System.out.println();
    System.out.println("  Two sample mails were just sent: a request from Jane (acknowledged) and an out-of-office");
    System.out.println("  reply (a ticket, but never acknowledged). Send your own with curl:");
    System.out.println();
    System.out.println("    TOKEN=" + token);
    System.out.println("    printf 'From: jane@example.test\\r\\nTo: " + DemoMailServer.SUPPORT_ADDRESS
        + "\\r\\nSubject: VPN down\\r\\n\\r\\nThe VPN drops every 5 minutes.\\r\\n' > mail.eml");
    System.out.println("    curl -s smtp://" + h + ":" + smtpPort + " --mail-from jane@example.test --mail-rcpt "
        + DemoMailServer.SUPPORT_ADDRESS + " --upload-file mail.eml");
    System.out.println("    curl -s -H \"Authorization: Bearer $TOKEN\" http://" + h + ":" + actualHttpPort + "/tickets");
    System.out.println();
  }
}
