package dev.switchboard.gateway.mail;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.AfterImport;
import dev.switchboard.gateway.config.ImapOptions;
import dev.switchboard.gateway.config.MailAuth;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.TransportSecurity;
import dev.switchboard.gateway.oauth.TokenProvider;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A blocking IMAP connection to one mailbox folder, built on Jakarta Mail (Angus). Every method blocks: call them
 * from the mailbox's own worker thread only. New mail is fetched in bulk with raw {@code UID FETCH} commands (a list
 * of UIDs and sizes, then the bodies of a whole batch in one round trip), because message-by-message fetching costs a
 * round trip per mail. A message over {@code imap.largeMessageBytes} is fetched alone and in parts into a temporary
 * file instead, so that it never sits whole in the heap (see {@link FetchedMessage#spooled()}).
 */
public final class ImapSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ImapSession.class);
  /**
   * Fetch at most this many bytes of message bodies per round trip. A batch sits in the heap about twice (as read, and
   * again while committed and parsed), so this bounds what a backlog of mails just under {@code largeMessageBytes}
   * costs: 24 mails of 7.5 MB under -Xmx256m peaked at 251 MB of heap with 64 MB batches, 97-123 MB with 16 MB ones.
   * Typical batches (500 mails of 2-60 KB) stay below it.
   */
  private static final long MAX_BATCH_BYTES = 16L * 1024 * 1024;
  /** A large message is fetched in ranges of this many bytes: the most of it the heap holds at a time. */
  static final int PART_BYTES = 4 * 1024 * 1024;
  // one timer thread for every session: it only wakes IDLE up at the end of a poll interval
  private static final ScheduledExecutorService IDLE_WAKER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "imap-idle-waker");
            t.setDaemon(true);
            return t;
          });

  private final MailboxOptions mailbox;
  private final ImapOptions imap;
  /** Access tokens for XOAUTH2; null with password sign-in. */
  private final TokenProvider tokens;
  private volatile IMAPStore store;
  private volatile IMAPFolder folder;
  /** The folder's message count when new mail was last looked for; a different count means mail came meanwhile. */
  private int countAtLastFetch = -1;

  public ImapSession(MailboxOptions mailbox) {
    this(mailbox, Clock.systemUTC());
  }

  public ImapSession(MailboxOptions mailbox, Clock clock) {
    StreamProviderPin.install();
    this.mailbox = mailbox;
    this.imap = mailbox.imap();
    this.tokens = imap.auth() == MailAuth.OAUTH2 ? new TokenProvider(mailbox.name(), imap.oauth2(), clock) : null;
  }

  public boolean isOpen() {
    IMAPFolder f = folder;
    return f != null && f.isOpen();
  }

  /** Connects, logs in and opens the folder; creates the move-to folder if it is missing. */
  public void open() {
    if (isOpen()) {
      return;
    }
    close();
    String protocol = imap.security() == TransportSecurity.TLS ? "imaps" : "imap";
    Properties props = new Properties();
    String p = "mail." + protocol + ".";
    props.put(p + "host", imap.host());
    props.put(p + "port", String.valueOf(imap.port()));
    props.put(p + "connectiontimeout", "15000");
    // reads block for a whole poll interval while IDLE waits; allow that plus a margin
    props.put(p + "timeout", String.valueOf(imap.pollIntervalSeconds() * 1000L + 60_000));
    props.put(p + "writetimeout", "30000");
    props.put(p + "partialfetch", "false");
    if (imap.security() == TransportSecurity.STARTTLS) {
      props.put(p + "starttls.enable", "true");
      props.put(p + "starttls.required", "true");
    }
    if (imap.trust() != null) {
      props.put(p + "ssl.trust", imap.trust());
      // trusting a host means not verifying its certificate at all, so its name is not checked either
      props.put(p + "ssl.checkserveridentity", "false");
    }
    if (tokens != null) {
      // Angus speaks XOAUTH2 itself, taking the access token as the password; only that mechanism, never LOGIN
      props.put(p + "auth.mechanisms", "XOAUTH2");
      props.put(p + "auth.xoauth2.disable", "false");
    }
    try {
      IMAPStore s = (IMAPStore) Session.getInstance(props).getStore(protocol);
      login(s);
      store = s;
      IMAPFolder f = (IMAPFolder) s.getFolder(imap.folder());
      if (!f.exists()) {
        throw SwitchboardException.permanent("IMAP folder '" + imap.folder() + "' does not exist");
      }
      f.open(mailbox.afterImport() == AfterImport.KEEP ? Folder.READ_ONLY : Folder.READ_WRITE);
      folder = f;
      if (mailbox.afterImport() == AfterImport.MOVE) {
        Folder target = s.getFolder(mailbox.moveTo());
        if (!target.exists() && target.create(Folder.HOLDS_MESSAGES)) {
          log.info("imap folder created mailbox={} folder={}", mailbox.name(), mailbox.moveTo());
        }
      }
      log.info(
          "imap connected mailbox={} host={} port={} folder={} uidValidity={} idle={}",
          mailbox.name(), imap.host(), imap.port(), imap.folder(), f.getUIDValidity(), idleSupported());
    } catch (AuthenticationFailedException e) {
      close();
      String how = tokens == null ? "IMAP login failed for user " : "IMAP XOAUTH2 login refused a fresh token for user ";
      throw SwitchboardException.transientFault(how + imap.username() + ": " + e.getMessage(), e);
    } catch (MessagingException e) {
      close();
      throw SwitchboardException.transientFault("IMAP connection failed: " + MailErrors.describe(e), e);
    }
  }

  /**
   * Signs in with the password, or with an access token. A server may refuse a token we still think valid (revoked,
   * or a clock apart): then it is dropped and a fresh one tried, once.
   */
  private void login(IMAPStore s) throws MessagingException {
    if (tokens == null) {
      s.connect(imap.host(), imap.port(), imap.username(), imap.password());
      return;
    }
    String token = tokens.accessToken();
    try {
      s.connect(imap.host(), imap.port(), imap.username(), token);
    } catch (AuthenticationFailedException e) {
      log.debug("imap token refused, fetching a fresh one mailbox={} error={}", mailbox.name(), e.getMessage());
      tokens.invalidate(token);
      s.connect(imap.host(), imap.port(), imap.username(), tokens.accessToken());
    }
  }

  public long uidValidity() {
    try {
      return requireFolder().getUIDValidity();
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP UIDVALIDITY unavailable: " + MailErrors.describe(e), e);
    }
  }

  /** Fetches messages with UID above {@code lastUid}, up to the batch limits, in UID order. */
  public FetchedBatch fetchAfter(long lastUid) {
    IMAPFolder f = requireFolder();
    try {
      long uidValidity = f.getUIDValidity();
      countAtLastFetch = f.getMessageCount();
      List<long[]> uidsAndSizes = listAfter(f, lastUid);
      List<Long> chosen = new ArrayList<>();
      long bytes = 0;
      for (long[] us : uidsAndSizes) {
        if (us[1] > imap.largeMessageBytes()) {
          // a large message goes alone, in parts, into a temporary file; the batch before it ends here
          if (chosen.isEmpty()) {
            FetchedMessage spooled = spool(f, us[0]);
            return new FetchedBatch(uidValidity, spooled == null ? List.of() : List.of(spooled),
                uidsAndSizes.size() > 1 || spooled == null);
          }
          break;
        }
        if (!chosen.isEmpty() && (chosen.size() >= imap.fetchBatchSize() || bytes + us[1] > MAX_BATCH_BYTES)) {
          break;
        }
        chosen.add(us[0]);
        bytes += us[1];
      }
      if (chosen.isEmpty()) {
        return new FetchedBatch(uidValidity, List.of(), false);
      }
      List<FetchedMessage> messages = fetchBodies(f, chosen);
      return new FetchedBatch(uidValidity, messages, chosen.size() < uidsAndSizes.size());
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP fetch failed: " + MailErrors.describe(e), e);
    }
  }

  /** Every UID in the folder with its size ({uid, size}), in UID order: what {@code switchboard reconcile} compares. */
  public List<long[]> listAll() {
    try {
      return listAfter(requireFolder(), 0);
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP listing failed: " + MailErrors.describe(e), e);
    }
  }

  /** The bodies of these UIDs that are still in the folder, in UID order. */
  public List<FetchedMessage> fetch(List<Long> uids) {
    if (uids.isEmpty()) {
      return List.of();
    }
    try {
      return fetchBodies(requireFolder(), uids);
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP fetch failed: " + MailErrors.describe(e), e);
    }
  }

  /**
   * Fetches one message in ranges of {@link #PART_BYTES} ({@code BODY.PEEK[]<offset.length>}) into a temporary file;
   * null when the message is not in the folder any more. The caller deletes the file ({@link FetchedMessage#discard()}).
   */
  public FetchedMessage spool(long uid) {
    try {
      return spool(requireFolder(), uid);
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP fetch failed: " + MailErrors.describe(e), e);
    }
  }

  private FetchedMessage spool(IMAPFolder f, long uid) throws MessagingException {
    Path file;
    try {
      file = Files.createTempFile("switchboard-raw-", ".eml");
    } catch (IOException e) {
      throw SwitchboardException.transientFault("no temporary file for a large message: " + e.getMessage(), e);
    }
    boolean kept = false;
    long started = System.nanoTime();
    try (OutputStream out = Files.newOutputStream(file)) {
      long offset = 0;
      while (true) {
        ByteArray part = fetchPart(f, uid, offset);
        if (part == null) {
          log.info("imap large message gone before it was fetched mailbox={} uid={}", mailbox.name(), uid);
          return null;
        }
        out.write(part.getBytes(), part.getStart(), part.getCount());
        offset += part.getCount();
        // a server answers a range past the end with fewer bytes, or none
        if (part.getCount() < PART_BYTES) {
          break;
        }
      }
      kept = true;
      log.debug("imap large message spooled mailbox={} uid={} bytes={} ms={}", mailbox.name(), uid, offset,
          (System.nanoTime() - started) / 1_000_000);
      return FetchedMessage.spooled(uid, file);
    } catch (IOException e) {
      throw SwitchboardException.transientFault("writing a large message to a temporary file failed: " + e.getMessage(), e);
    } finally {
      if (!kept) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          log.debug("imap spool file not deleted mailbox={} error={}", mailbox.name(), e.toString());
        }
      }
    }
  }

  /** One range of a message's bytes; an empty range past the end; null when the server returned no such message. */
  private static ByteArray fetchPart(IMAPFolder f, long uid, long offset) throws MessagingException {
    return (ByteArray)
        f.doCommand(
            p -> {
              Response[] r = p.command("UID FETCH " + uid + " (UID BODY.PEEK[]<" + offset + "." + PART_BYTES + ">)", null);
              ByteArray found = null;
              for (Response resp : r) {
                if (resp instanceof FetchResponse fr) {
                  UID u = fr.getItem(UID.class);
                  BODY body = fr.getItem(BODY.class);
                  if (u != null && u.uid == uid && body != null) {
                    ByteArray b = body.getByteArray();
                    found = b == null ? new ByteArray(0) : b;
                  }
                }
              }
              finish(p, r);
              return found;
            });
  }

  /** Applies the after-import policy to these UIDs (sorted). Returns them once the server accepted the change. */
  public List<Long> applyPolicy(List<Long> uids) {
    if (uids.isEmpty() || mailbox.afterImport() == AfterImport.KEEP) {
      return uids;
    }
    IMAPFolder f = requireFolder();
    String set = UidSet.of(uids);
    try {
      f.doCommand(
          p -> {
            if (mailbox.afterImport() == AfterImport.SEEN) {
              p.simpleCommand("UID STORE " + set + " +FLAGS.SILENT (\\Seen)", null);
            } else {
              move(p, set);
            }
            return null;
          });
      return uids;
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP " + mailbox.afterImport().wireName() + " failed: " + MailErrors.describe(e), e);
    }
  }

  /**
   * Waits until the server reports new mail or the poll interval passes: with IDLE when the server has it, else by
   * sleeping.
   */
  public void awaitNewMail() {
    IMAPFolder f = requireFolder();
    if (!imap.idle() || !idleSupported()) {
      sleepPollInterval();
      return;
    }
    ScheduledFuture<?> wake = IDLE_WAKER.schedule(() -> noop(f), imap.pollIntervalSeconds(), TimeUnit.SECONDS);
    try {
      // mail that arrived between the last fetch and now was announced (EXISTS) on an earlier command's response;
      // IDLE would not announce it again
      if (f.getMessageCount() != countAtLastFetch) {
        return;
      }
      f.idle(true);
    } catch (MessagingException e) {
      throw SwitchboardException.transientFault("IMAP IDLE failed: " + MailErrors.describe(e), e);
    } finally {
      wake.cancel(false);
    }
  }

  /** Ends a running IDLE from another thread (Angus sends DONE before the next command), so close() can proceed. */
  public void abortIdle() {
    IMAPFolder f = folder;
    if (f != null && f.isOpen()) {
      noop(f);
    }
  }

  @Override
  public void close() {
    IMAPFolder f = folder;
    IMAPStore s = store;
    folder = null;
    store = null;
    try {
      if (f != null && f.isOpen()) {
        f.close(false);
      }
    } catch (MessagingException | IllegalStateException e) {
      log.debug("imap folder close failed mailbox={} error={}", mailbox.name(), e.toString());
    }
    try {
      if (s != null) {
        s.close();
      }
    } catch (MessagingException e) {
      log.debug("imap store close failed mailbox={} error={}", mailbox.name(), e.toString());
    }
  }

  private boolean idleSupported() {
    try {
      return store != null && store.hasCapability("IDLE");
    } catch (MessagingException e) {
      return false;
    }
  }

  private static List<long[]> listAfter(IMAPFolder f, long lastUid) throws MessagingException {
    @SuppressWarnings("unchecked")
    List<long[]> found =
        (List<long[]>)
            f.doCommand(
                p -> {
                  Response[] r = p.command("UID FETCH " + (lastUid + 1) + ":* (UID RFC822.SIZE)", null);
                  List<long[]> out = new ArrayList<>();
                  for (Response resp : r) {
                    if (resp instanceof FetchResponse fr) {
                      UID uid = fr.getItem(UID.class);
                      RFC822SIZE size = fr.getItem(RFC822SIZE.class);
                      // "n:*" also matches the highest existing UID when it is below n
                      if (uid != null && uid.uid > lastUid) {
                        out.add(new long[] {uid.uid, size == null ? 0 : size.size});
                      }
                    }
                  }
                  finish(p, r);
                  return out;
                });
    found.sort(Comparator.comparingLong(a -> a[0]));
    return found;
  }

  private static List<FetchedMessage> fetchBodies(IMAPFolder f, List<Long> uids) throws MessagingException {
    @SuppressWarnings("unchecked")
    List<FetchedMessage> messages =
        (List<FetchedMessage>)
            f.doCommand(
                p -> {
                  Response[] r = p.command("UID FETCH " + UidSet.of(uids) + " (UID BODY.PEEK[])", null);
                  finish(p, r);
                  List<FetchedMessage> out = new ArrayList<>(uids.size());
                  for (int i = 0; i < r.length; i++) {
                    if (r[i] instanceof FetchResponse fr) {
                      UID uid = fr.getItem(UID.class);
                      BODY body = fr.getItem(BODY.class);
                      if (uid != null && body != null && body.getByteArray() != null) {
                        out.add(new FetchedMessage(uid.uid, body.getByteArray().getNewBytes()));
                      }
                    }
                    // each response's buffer may go once its bytes are copied: the batch is not in the heap twice
                    r[i] = null;
                  }
                  return out;
                });
    messages.sort(Comparator.comparingLong(FetchedMessage::uid));
    return messages;
  }

  private void move(IMAPProtocol p, String set) throws ProtocolException {
    String target = quote(BASE64MailboxEncoder.encode(mailbox.moveTo()));
    if (p.hasCapability("MOVE")) {
      p.simpleCommand("UID MOVE " + set + " " + target, null);
      return;
    }
    p.simpleCommand("UID COPY " + set + " " + target, null);
    p.simpleCommand("UID STORE " + set + " +FLAGS.SILENT (\\Deleted)", null);
    if (p.hasCapability("UIDPLUS")) {
      p.simpleCommand("UID EXPUNGE " + set, null);
    } else {
      // without UIDPLUS only a folder-wide EXPUNGE exists; the copies are already safe in the target folder
      p.simpleCommand("EXPUNGE", null);
    }
  }

  private static void finish(IMAPProtocol p, Response[] r) throws ProtocolException {
    p.notifyResponseHandlers(r);
    p.handleResult(r[r.length - 1]);
  }

  private void noop(IMAPFolder f) {
    try {
      // any command from another thread makes Angus end the IDLE with DONE first
      f.doCommand(
          p -> {
            p.simpleCommand("NOOP", null);
            return null;
          });
    } catch (MessagingException | IllegalStateException e) {
      log.debug("imap idle wake-up failed mailbox={} error={}", mailbox.name(), e.toString());
    }
  }

  private void sleepPollInterval() {
    try {
      Thread.sleep(imap.pollIntervalSeconds() * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private IMAPFolder requireFolder() {
    IMAPFolder f = folder;
    if (f == null || !f.isOpen()) {
      throw SwitchboardException.transientFault("IMAP folder is not open", null);
    }
    return f;
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
