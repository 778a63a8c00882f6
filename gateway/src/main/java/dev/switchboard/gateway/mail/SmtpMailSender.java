package dev.switchboard.gateway.mail;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.SmtpOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.gateway.oauth.OAuth2Exception;
import dev.switchboard.gateway.oauth.TokenProvider;
import dev.switchboard.gateway.support.Text;
import dev.switchboard.store.OutboxMail;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox mail over SMTP with Jakarta Mail. Blocking: call from a worker thread. One connection serves a whole
 * batch, one mail at a time; a connection-level failure stops the batch, leaving the rest to be retried.
 */
public final class SmtpMailSender implements MailRelay {
  private static final Logger log = LoggerFactory.getLogger(SmtpMailSender.class);

  private final SmtpOptions smtp;
  // ASCII headers (encoded words), for mail to ASCII recipients and to relays without SMTPUTF8
  private final Session session;
  // UTF-8 headers; its transports add SMTPUTF8 to MAIL FROM when the relay offers it (RFC 6531)
  private final Session utf8Session;
  /** Access tokens for XOAUTH2; null with password sign-in. */
  private final TokenProvider tokens;

  public SmtpMailSender(SmtpOptions smtp) {
    StreamProviderPin.install();
    this.smtp = smtp;
    this.tokens =
        smtp.auth() == MailAuth.OAUTH2 ? new TokenProvider(smtp.username(), smtp.oauth2(), Clock.systemUTC()) : null;
    Properties props = properties(smtp);
    this.session = Session.getInstance(props);
    Properties utf8 = new Properties();
    utf8.putAll(props);
    utf8.put("mail.mime.allowutf8", "true");
    this.utf8Session = Session.getInstance(utf8);
  }

  private static Properties properties(SmtpOptions smtp) {
    String protocol = smtp.security() == TransportSecurity.TLS ? "smtps" : "smtp";
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.put("mail.transport.protocol", protocol);
    props.put(p + "host", smtp.host());
    props.put(p + "port", String.valueOf(smtp.port()));
    props.put(p + "connectiontimeout", String.valueOf(smtp.timeoutSeconds() * 1000L));
    props.put(p + "timeout", String.valueOf(smtp.timeoutSeconds() * 1000L));
    props.put(p + "writetimeout", String.valueOf(smtp.timeoutSeconds() * 1000L));
    props.put(p + "auth", String.valueOf(smtp.username() != null));
    if (smtp.security() == TransportSecurity.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (smtp.trust() != null) {
      props.put(p + "ssl.trust", smtp.trust());
      // trusting a host means not verifying its certificate at all, so its name is not checked either
      props.put(p + "ssl.checkserveridentity", "false");
    }
    if (smtp.auth() == MailAuth.OAUTH2) {
      // Angus speaks XOAUTH2 itself, taking the access token as the password; only that mechanism
      props.put(p + "auth.mechanisms", "XOAUTH2");
      props.put(p + "auth.xoauth2.disable", "false");
    }
    props.put("mail.mime.allowutf8", "false");
    return props;
  }

  /** Connects and logs in; one connection serves a batch. */
  @Override
  public MailRelay.Connection connect() {
    Transport transport = null;
    try {
      transport = utf8Session.getTransport();
      login(transport);
      boolean smtpUtf8 = transport instanceof SMTPTransport t && t.supportsExtension("SMTPUTF8");
      return new SmtpConnection(transport, smtpUtf8);
    } catch (AuthenticationFailedException e) {
      closeQuietly(transport);
      log.warn("smtp login failed host={} user={} error={}", smtp.host(), smtp.username(), e.getMessage());
      throw SwitchboardException.transientFault("SMTP login failed: " + e.getMessage(), null);
    } catch (OAuth2Exception e) {
      // the message says what to do ("re-authorise ..."); the outbox keeps the mail and shows it on /health
      closeQuietly(transport);
      log.warn("smtp token unavailable host={} error={}", smtp.host(), e.getMessage());
      throw e;
    } catch (MessagingException e) {
      closeQuietly(transport);
      log.warn("smtp connection failed host={} port={} error={}", smtp.host(), smtp.port(), MailErrors.describe(e));
      throw SwitchboardException.transientFault("SMTP connection failed: " + MailErrors.describe(e), null);
    }
  }

  /**
   * Signs in with the password, or with an access token (XOAUTH2). A server may refuse a token we still think valid
   * (revoked, or a clock apart): then it is dropped and a fresh one tried, once.
   */
  private void login(Transport transport) throws MessagingException {
    if (tokens == null) {
      transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
      return;
    }
    String token = tokens.accessToken();
    try {
      transport.connect(smtp.host(), smtp.port(), smtp.username(), token);
    } catch (AuthenticationFailedException e) {
      log.debug("smtp token refused, fetching a fresh one host={} error={}", smtp.host(), e.getMessage());
      tokens.invalidate(token);
      transport.connect(smtp.host(), smtp.port(), smtp.username(), tokens.accessToken());
    }
  }

  private static void closeQuietly(Transport transport) {
    if (transport != null) {
      try {
        transport.close();
      } catch (MessagingException e) {
        log.debug("smtp close failed error={}", e.toString());
      }
    }
  }

  private final class SmtpConnection implements MailRelay.Connection {
    private final Transport transport;
    private final boolean smtpUtf8;

    SmtpConnection(Transport transport, boolean smtpUtf8) {
      this.transport = transport;
      this.smtpUtf8 = smtpUtf8;
    }

    @Override
    public SendResult send(OutboxMail mail, List<OutgoingAttachment> attachments) {
      return sendOne(transport, mail, attachments, smtpUtf8);
    }

    @Override
    public boolean isConnected() {
      return transport.isConnected();
    }

    @Override
    public void close() {
      closeQuietly(transport);
    }
  }

  private SendResult sendOne(
      Transport transport, OutboxMail mail, List<OutgoingAttachment> attachments, boolean smtpUtf8) {
    List<RecipientAddress> to = decide(mail.to(), smtpUtf8);
    List<RecipientAddress> cc = decide(mail.cc(), smtpUtf8);
    Optional<RecipientAddress> unsendable =
        Stream.concat(to.stream(), cc.stream()).filter(r -> r.form() == RecipientAddress.Form.UNSENDABLE).findFirst();
    if (unsendable.isPresent()) {
      // permanent: the same relay will not learn SMTPUTF8 by the next attempt
      return new SendResult(mail.id(), SendResult.Outcome.FAILED, unsendable.get().reason());
    }
    boolean utf8 = Stream.concat(to.stream(), cc.stream()).anyMatch(RecipientAddress::needsSmtpUtf8);
    MimeMessage message;
    Address[] envelope;
    try {
      Address[] toAddresses = addresses(to);
      Address[] ccAddresses = addresses(cc);
      message = toMime(utf8 ? utf8Session : session, mail, attachments, toAddresses, ccAddresses);
      envelope = Stream.concat(Arrays.stream(toAddresses), Arrays.stream(ccAddresses)).toArray(Address[]::new);
    } catch (MessagingException | UnsupportedEncodingException e) {
      return new SendResult(mail.id(), SendResult.Outcome.FAILED, "cannot build the message: " + e.getMessage());
    }
    try {
      transport.sendMessage(message, envelope);
      log.info("mail sent outboxId={} kind={} ticketId={}", mail.id(), mail.kind(), mail.ticketId());
      return SendResult.sent(mail.id());
    } catch (SMTPSendFailedException | SMTPAddressFailedException e) {
      int code = e instanceof SMTPSendFailedException s ? s.getReturnCode() : ((SMTPAddressFailedException) e).getReturnCode();
      return classifyReply(mail, code, e);
    } catch (SendFailedException e) {
      Exception next = e.getNextException();
      if (next instanceof SMTPAddressFailedException a) {
        return classifyReply(mail, a.getReturnCode(), a);
      }
      if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
        return new SendResult(mail.id(), SendResult.Outcome.FAILED, "invalid recipient: " + e.getMessage());
      }
      return new SendResult(mail.id(), SendResult.Outcome.RETRY, MailErrors.describe(e));
    } catch (MessagingException e) {
      return new SendResult(mail.id(), SendResult.Outcome.RETRY, MailErrors.describe(e));
    }
  }

  private static SendResult classifyReply(OutboxMail mail, int code, MessagingException e) {
    String error = Text.truncate("SMTP " + code + ": " + String.valueOf(e.getMessage()).strip(), 500);
    // 5xx is the server's final word; 4xx (and anything odd) may go through later
    SendResult.Outcome outcome = code >= 500 && code < 600 ? SendResult.Outcome.FAILED : SendResult.Outcome.RETRY;
    return new SendResult(mail.id(), outcome, error);
  }

  private static List<RecipientAddress> decide(List<String> addresses, boolean smtpUtf8) {
    return addresses.stream().map(a -> RecipientAddress.decide(a, smtpUtf8)).toList();
  }

  /**
   * Builds the MIME message with our fixed Message-ID and the threading headers; with attachments, a
   * multipart/mixed whose file parts read their content only while the message is written to the relay.
   */
  static MimeMessage toMime(
      Session session, OutboxMail mail, List<OutgoingAttachment> attachments, Address[] to, Address[] cc)
      throws MessagingException, UnsupportedEncodingException {
    String messageId = "<" + mail.messageId() + ">";
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    m.setFrom(new InternetAddress(mail.fromAddress(), mail.fromName(), StandardCharsets.UTF_8.name()));
    m.setRecipients(Message.RecipientType.TO, to);
    if (cc.length > 0) {
      m.setRecipients(Message.RecipientType.CC, cc);
    }
    m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    m.setSentDate(new Date());
    if (mail.inReplyTo() != null) {
      m.setHeader("In-Reply-To", "<" + mail.inReplyTo() + ">");
    }
    if (!mail.references().isEmpty()) {
      String refs = mail.references().stream().map(r -> "<" + r + ">").collect(Collectors.joining(" "));
      m.setHeader("References", MimeUtility.fold("References: ".length(), refs));
    }
    for (String name : mail.headers().fieldNames()) {
      m.setHeader(name, String.valueOf(mail.headers().getValue(name)));
    }
    if (attachments.isEmpty()) {
      setBody(m, mail);
    } else {
      MimeMultipart mixed = new MimeMultipart("mixed");
      MimeBodyPart body = new MimeBodyPart();
      setBody(body, mail);
      mixed.addBodyPart(body);
      for (OutgoingAttachment a : attachments) {
        mixed.addBodyPart(attachmentPart(a));
      }
      m.setContent(mixed);
    }
    m.saveChanges();
    return m;
  }

  private static void setBody(MimePart part, OutboxMail mail) throws MessagingException {
    if (mail.bodyHtml() == null) {
      setText(part, mail.bodyText(), "plain");
    } else {
      MimeMultipart alternative = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      setText(text, mail.bodyText(), "plain");
      MimeBodyPart html = new MimeBodyPart();
      setText(html, mail.bodyHtml(), "html");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      part.setContent(alternative);
    }
  }

  /** UTF-8 text with its transfer encoding decided here, in one pass (see {@link TextTransferEncoding}). */
  private static void setText(MimePart part, String text, String subtype) throws MessagingException {
    part.setText(text, StandardCharsets.UTF_8.name(), subtype);
    part.setHeader("Content-Transfer-Encoding", TextTransferEncoding.of(text));
  }

  private static MimeBodyPart attachmentPart(OutgoingAttachment a) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setDataHandler(new DataHandler(new DataSource() {
      @Override
      public InputStream getInputStream() throws IOException {
        return a.content().open();
      }

      @Override
      public OutputStream getOutputStream() throws IOException {
        throw new IOException("read only");
      }

      @Override
      public String getContentType() {
        return a.contentType();
      }

      @Override
      public String getName() {
        return a.filename();
      }
    }));
    part.setDisposition(Part.ATTACHMENT);
    // a non-ASCII name goes out as an RFC 2231 parameter (mail.mime.encodeparameters is on by default)
    part.setFileName(a.filename());
    // chosen here, so Jakarta Mail does not read the whole file once more just to pick an encoding
    part.setHeader("Content-Transfer-Encoding", "base64");
    return part;
  }

  private static Address[] addresses(List<RecipientAddress> decided) throws AddressException {
    Address[] out = new Address[decided.size()];
    for (int i = 0; i < out.length; i++) {
      RecipientAddress r = decided.get(i);
      if (r.needsSmtpUtf8()) {
        // InternetAddress validates against ASCII unless a JVM-wide property says otherwise; RFC 6532 allows UTF-8
        InternetAddress a = new InternetAddress();
        a.setAddress(r.address());
        out[i] = a;
      } else {
        out[i] = new InternetAddress(r.address(), true);
      }
    }
    return out;
  }
}
