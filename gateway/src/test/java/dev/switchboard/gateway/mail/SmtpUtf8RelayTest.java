package dev.switchboard.gateway.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.store.OutboxMail;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A relay that offers SMTPUTF8 (a few lines of SMTP on a socket: GreenMail does not offer the extension): a Unicode
 * address goes out unchanged, with SMTPUTF8 on MAIL FROM and the address in UTF-8 in the envelope and the header.
 */
class SmtpUtf8RelayTest {
  private ServerSocket server;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final StringBuilder data = new StringBuilder();
  private Thread thread;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "fake-smtputf8-relay");
    thread.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    thread.join(5000);
  }

  private void serve() {
    try (Socket s = server.accept();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = s.getOutputStream()) {
      reply(out, "220 relay.test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        String verb = line.split(" ", 2)[0].toUpperCase();
        switch (verb) {
          case "EHLO" -> reply(out, "250-relay.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
          case "DATA" -> {
            reply(out, "354 go ahead");
            String d;
            while ((d = in.readLine()) != null && !d.equals(".")) {
              synchronized (data) {
                data.append(d).append('\n');
              }
            }
            reply(out, "250 accepted");
          }
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "250 ok");
        }
      }
    } catch (IOException e) {
      // the test closed the server
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void unicodeAddressGoesUnchangedOverSmtpUtf8() {
    SmtpMailSender sender = new SmtpMailSender(
        new SmtpOptions("127.0.0.1", server.getLocalPort(), TransportSecurity.NONE, null, null, 5, null, MailAuth.PASSWORD, null));
    OutboxMail mail = new OutboxMail(1, 1, null, null, "acknowledgment", "utf8@switchboard.test",
        "support@example.com", "Example IT", List.of("jörg.müller@beispiel.de"), List.of(), "Ihre Anfrage", null,
        List.of(), null, "Guten Tag", null, "pending", 0);

    SendResult result;
    try (MailRelay.Connection c = sender.connect()) {
      result = c.send(mail);
    }

    assertThat(result.outcome()).as(String.valueOf(result.error())).isEqualTo(SendResult.Outcome.SENT);
    assertThat(commands).anyMatch(c -> c.startsWith("MAIL FROM:<support@example.com>") && c.endsWith(" SMTPUTF8"));
    assertThat(commands).contains("RCPT TO:<jörg.müller@beispiel.de>");
    synchronized (data) {
      assertThat(data.toString()).contains("To: jörg.müller@beispiel.de");
    }
  }
}
