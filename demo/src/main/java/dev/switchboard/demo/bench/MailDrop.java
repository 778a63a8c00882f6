package dev.switchboard.demo.bench;

import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;

/** Puts generated mail into the benchmarked mailbox. */
interface MailDrop extends AutoCloseable {
  void deliver(List<byte[]> messages) throws MessagingException;

  @Override
  void close() throws MessagingException;

  /** In-process delivery into the embedded GreenMail mailbox: as fast as the server can store. */
  static MailDrop greenMail(GreenMailUser user) {
    Session session = Session.getInstance(new Properties());
    return new MailDrop() {
      @Override
      public void deliver(List<byte[]> messages) throws MessagingException {
        for (byte[] m : messages) {
          user.deliver(new MimeMessage(session, new ByteArrayInputStream(m)));
        }
      }

      @Override
      public void close() {}
    };
  }

  /** IMAP APPEND into any server's folder, for benchmarking against a real IMAP server such as Dovecot. */
  static MailDrop imapAppend(String host, int port, String user, String password, String folder)
      throws MessagingException {
    Session session = Session.getInstance(new Properties());
    Store store = session.getStore("imap");
    store.connect(host, port, user, password);
    Folder f = store.getFolder(folder);
    return new MailDrop() {
      @Override
      public void deliver(List<byte[]> messages) throws MessagingException {
        Message[] batch = new Message[messages.size()];
        for (int i = 0; i < batch.length; i++) {
          batch[i] = new MimeMessage(session, new ByteArrayInputStream(messages.get(i)));
        }
        f.appendMessages(batch);
      }

      @Override
      public void close() throws MessagingException {
        store.close();
      }
    };
  }
}
