package dev.switchboard.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.switchboard.errors.SwitchboardException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.Properties;

/**
 * An embedded GreenMail IMAP and SMTP server for the demo and the benchmark: a real mail server speaking the real
 * protocols on loopback, with a support mailbox and a requester mailbox to read the acknowledgments from.
 */
public final class DemoMailServer implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final String SUPPORT_ADDRESS = "support@switchboard.test";
  public static final String SUPPORT_PASSWORD = "support";
  public static final String REQUESTER_ADDRESS = "jane@example.test";
  public static final String REQUESTER_PASSWORD = "jane";
  /** The demo's coordinator: told about new tickets, replies and missed calls, and acts by replying. */
  public static final String COORDINATOR_ADDRESS = "alice@switchboard.test";
  public static final String COORDINATOR_PASSWORD = "alice";

  private final GreenMail greenMail;
  private final int smtpPort;
  private final int imapPort;

  public DemoMailServer(int smtpPort, int imapPort) {
    this.smtpPort = smtpPort;
    this.imapPort = imapPort;
    this.greenMail =
        new GreenMail(
            new ServerSetup[] {new ServerSetup(smtpPort, HOST, "smtp"), new ServerSetup(imapPort, HOST, "imap")});
  }

  public DemoMailServer start() {
    try {
      greenMail.start();
    } catch (RuntimeException e) {
      throw SwitchboardException.permanent(
          "demo mail server could not listen on " + HOST + " ports " + smtpPort + " (SMTP) and " + imapPort
              + " (IMAP): " + e.getMessage() + "; choose others with --smtp-port / --imap-port", e);
    }
    // support+<anything>@ lands in support's mailbox, as on real servers: per-ticket reply addresses need it
    greenMail.getUserManager().setSieveIgnoreDetail(true);
    greenMail.setUser(SUPPORT_ADDRESS, SUPPORT_ADDRESS, SUPPORT_PASSWORD);
    greenMail.setUser(REQUESTER_ADDRESS, REQUESTER_ADDRESS, REQUESTER_PASSWORD);
    greenMail.setUser(COORDINATOR_ADDRESS, COORDINATOR_ADDRESS, COORDINATOR_PASSWORD);
    return this;
  }

  public GreenMail greenMail() {
    return greenMail;
  }

  public int smtpPort() {
    return smtpPort;
  }

  public int imapPort() {
    return imapPort;
  }

  /** Sends a plain-text mail through the server's SMTP port, as any mail client would. */
  public void send(String from, String to, String subject, String body, Map<String, String> headers) {
    Properties props = new Properties();
    props.put("mail.smtp.host", HOST);
    props.put("mail.smtp.port", String.valueOf(smtpPort));
    try {
      MimeMessage m = new MimeMessage(Session.getInstance(props));
      m.setFrom(new InternetAddress(from));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to));
      m.setSubject(subject, StandardCharsets.UTF_8.name());
      m.setSentDate(new Date());
      m.setText(body, StandardCharsets.UTF_8.name());
      for (Map.Entry<String, String> h : headers.entrySet()) {
        m.setHeader(h.getKey(), h.getValue());
      }
      Transport.send(m);
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("demo mail could not be sent: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
