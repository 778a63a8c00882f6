package dev.switchboard.demo.bench;

import com.icegreen.greenmail.user.GreenMailUser;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

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

  /**
   * Delivery into a Maildir as a local delivery agent does it (procmail, maildrop, Dovecot's own LDA): each mail is
   * written under {@code tmp/} and renamed into {@code new/}, where the IMAP server finds it (Dovecot announces it to
   * an IDLE client through inotify). No IMAP round trip per mail, so the live scenario can offer hundreds of mails a
   * second on two cores, where APPEND over many connections could not. Safe to use from several threads.
   */
  static MailDrop maildir(Path maildir) {
    Path tmp = maildir.resolve("tmp");
    Path fresh = maildir.resolve("new");
    try {
      // once, not per mail: the live scenario calls deliver hundreds of times a second
      Files.createDirectories(tmp);
      Files.createDirectories(fresh);
    } catch (IOException e) {
      throw new UncheckedIOException("maildir not usable: " + maildir, e);
    }
    AtomicLong sequence = new AtomicLong();
    String unique = ProcessHandle.current().pid() + ".switchboard-bench";
    return new MailDrop() {
      @Override
      public void deliver(List<byte[]> messages) {
        try {
          for (byte[] m : messages) {
            // the Maildir name: time, something unique on this host, host; never reused
            String name = System.currentTimeMillis() / 1000 + ".M" + sequence.incrementAndGet() + "P" + unique;
            Path written = Files.write(tmp.resolve(name), m);
            Files.move(written, fresh.resolve(name), StandardCopyOption.ATOMIC_MOVE);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("maildir delivery failed: " + maildir, e);
        }
      }

      @Override
      public void close() {}
    };
  }
}
