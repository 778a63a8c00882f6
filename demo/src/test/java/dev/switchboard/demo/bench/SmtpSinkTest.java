package dev.switchboard.demo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The bench's discarding SMTP server, spoken to by Jakarta Mail as the service does, and byte by byte. */
class SmtpSinkTest {
  @Test
  void countsMailsSentByJakartaMailOverSeveralConnectionsWithDotsAndEightBitContent() throws Exception {
    try (SmtpSink sink = SmtpSink.start()) {
      Properties props = new Properties();
      props.put("mail.smtp.host", "127.0.0.1");
      props.put("mail.smtp.port", String.valueOf(sink.port()));
      props.put("mail.smtp.allow8bitmime", "true");
      props.put("mail.mime.allowutf8", "true");
      Session session = Session.getInstance(props);

      try (Transport transport = session.getTransport("smtp")) {
        transport.connect();
        MimeMessage first = mail(session, "first", "a line starting with a dot:\r\n.hidden\r\n.\r\nstill the body\r\n");
        transport.sendMessage(first, first.getAllRecipients());
        MimeMessage second = mail(session, "zweite", "Grüße aus Zürich, ünïcödé in 8 bits\r\n..\r\n");
        transport.sendMessage(second, second.getAllRecipients());
        assertThat(transport.isConnected()).as("NOOP answered after two mails on one connection").isTrue();
      }
      Transport.send(mail(session, "third", "on a connection of its own\r\n"));

      assertThat(sink.accepted()).as("mails accepted").isEqualTo(3);
    }
  }

  @Test
  void listsItsExtensionsRefusesUnknownCommandsAndTakesRawEightBitData() throws Exception {
    try (SmtpSink sink = SmtpSink.start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), sink.port())) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      assertThat(reply(in)).singleElement().asString().startsWith("220 ");

      send(out, "ehlo client.test");
      List<String> ehlo = reply(in);
      assertThat(ehlo).as("EHLO reply").contains("250-PIPELINING", "250-8BITMIME", "250-SMTPUTF8");
      assertThat(ehlo.get(ehlo.size() - 1)).as("last EHLO line").startsWith("250 SIZE");

      send(out, "FROB something");
      assertThat(reply(in)).containsExactly("500 command unrecognized");
      send(out, "DATA");
      assertThat(reply(in)).singleElement().asString().startsWith("503 ");
      send(out, "VRFY someone");
      assertThat(reply(in)).singleElement().asString().startsWith("252 ");
      send(out, "STARTTLS");
      assertThat(reply(in)).singleElement().asString().startsWith("502 ");

      send(out, "Mail From:<a@client.test>");
      assertThat(reply(in)).containsExactly("250 OK");
      send(out, "rcpt to:<b@bench.test>");
      assertThat(reply(in)).containsExactly("250 OK");
      send(out, "data");
      assertThat(reply(in)).singleElement().asString().startsWith("354 ");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes("Subject: raw\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xFF, (byte) 0xFE, '\n', '.', '\r', '\n'});
      body.writeBytes("..\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(body.toByteArray());
      out.flush();
      assertThat(reply(in)).containsExactly("250 OK");
      assertThat(sink.accepted()).isEqualTo(1);

      send(out, "RSET");
      assertThat(reply(in)).containsExactly("250 OK");
      send(out, "QUIT");
      assertThat(reply(in)).singleElement().asString().startsWith("221 ");
      assertThat(in.read()).as("connection closed after QUIT").isEqualTo(-1);
    }
  }

  private static MimeMessage mail(Session session, String subject, String body) throws Exception {
    String raw = "From: sender@client.test\r\nTo: support@bench.test\r\nSubject: " + subject + "\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + body;
    return new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
  }

  private static void send(OutputStream out, String command) throws Exception {
    out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** One reply, all its lines: continuation lines have a hyphen after the code. */
  private static List<String> reply(BufferedReader in) throws Exception {
    List<String> lines = new ArrayList<>();
    String line;
    do {
      line = in.readLine();
      assertThat(line).as("a reply line").isNotNull();
      lines.add(line);
    } while (line.length() > 3 && line.charAt(3) == '-');
    return lines;
  }
}
