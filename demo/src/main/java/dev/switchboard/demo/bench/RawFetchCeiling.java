package dev.switchboard.demo.bench;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Properties;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;

/**
 * The ceiling the intake is measured against: how fast the same IMAP server hands over the same mails when nothing is
 * done with them. One connection, {@code UID FETCH lo:hi BODY.PEEK[]} in chunks, the bytes counted and dropped; the
 * folder is opened read-only and nothing is marked.
 */
final class RawFetchCeiling {
  /** Messages fetched, their bytes, and the time it took. */
  record Result(int messages, long bytes, Duration elapsed) {
    double messagesPerSecond() {
      return messages / Math.max(0.001, elapsed.toNanos() / 1e9);
    }
  }

  private static final int CHUNK = 500;

  private RawFetchCeiling() {}

  static Result measure(String host, int port, String user, String password) throws MessagingException {
    Session session = Session.getInstance(new Properties());
    Store store = session.getStore("imap");
    store.connect(host, port, user, password);
    try {
      IMAPFolder folder = (IMAPFolder) store.getFolder("INBOX");
      folder.open(Folder.READ_ONLY);
      try {
        long next = 1;
        long last = folder.getUIDNext() - 1;
        int messages = 0;
        long bytes = 0;
        long started = System.nanoTime();
        while (next <= last) {
          String set = next + ":" + Math.min(last, next + CHUNK - 1);
          Response[] answer = (Response[]) folder.doCommand(p -> p.command("UID FETCH " + set + " (BODY.PEEK[])", null));
          for (Response r : answer) {
            if (r instanceof FetchResponse f) {
              var body = f.getItem(org.eclipse.angus.mail.imap.protocol.BODY.class);
              if (body != null) {
                messages++;
                bytes += body.getByteArray().getCount();
              }
            }
          }
          next += CHUNK;
        }
        return new Result(messages, bytes, Duration.ofNanos(System.nanoTime() - started));
      } finally {
        folder.close(false);
      }
    } finally {
      store.close();
    }
  }
}
