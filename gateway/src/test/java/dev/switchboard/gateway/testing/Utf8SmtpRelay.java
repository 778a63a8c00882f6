package dev.switchboard.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A relay that offers SMTPUTF8, which GreenMail does not: a few lines of SMTP on a loopback socket, accepting every
 * mail and recording the commands and message texts, for tests of internationalised addresses end to end.
 */
public final class Utf8SmtpRelay implements AutoCloseable {
  private final ServerSocket server;
  private final Thread acceptor;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private Utf8SmtpRelay(ServerSocket server) {
    this.server = server;
    this.acceptor = new Thread(this::acceptAll, "utf8-smtp-relay");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static Utf8SmtpRelay start() {
    try {
      return new Utf8SmtpRelay(new ServerSocket(0, 16, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new IllegalStateException("relay did not start", e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Every SMTP command received, in order, as UTF-8 text. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** Every message text accepted. */
  public List<String> messages() {
    return List.copyOf(messages);
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> serve(s), "utf8-smtp-session");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream()) {
      reply(out, "220 relay.test ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        switch (line.split(" ", 2)[0].toUpperCase(Locale.ROOT)) {
          case "EHLO" -> reply(out, "250-relay.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
          case "DATA" -> {
            reply(out, "354 go ahead");
            StringBuilder text = new StringBuilder();
            String d;
            while ((d = in.readLine()) != null && !d.equals(".")) {
              text.append(d).append('\n');
            }
            messages.add(text.toString());
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
      // the client went away or the relay was closed
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing is best effort in tests
    }
  }
}
