package dev.switchboard.gateway.testing;

import com.sun.security.auth.module.UnixSystem;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Dovecot, run from a temporary directory on a free local port, signing users in with XOAUTH2 through its
 * oauth2 passdb, which asks a token introspection endpoint (RFC 7662) whether a token is active. Runs as root (then
 * dropping to Debian's dovecot users) or as an ordinary user. Install with {@code apt-get install -y dovecot-imapd}.
 */
public final class DovecotServer implements AutoCloseable {
  public static final String INSTALL = "apt-get install -y dovecot-imapd";
  private static final Path BINARY = Path.of("/usr/sbin/dovecot");
  private static final Path DOVEADM = Path.of("/usr/bin/doveadm");

  private final Path config;
  private final Path dir;
  private final int port;

  private DovecotServer(Path dir, Path config, int port) {
    this.dir = dir;
    this.config = config;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(BINARY) && Files.isExecutable(DOVEADM) && Files.exists(Path.of("/usr/lib/dovecot/imap"));
  }

  public static DovecotServer start(Path dir, URI introspection) throws IOException, InterruptedException {
    // Dovecot's own users must reach the files below
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path mail = Files.createDirectories(dir.resolve("mail"));
    Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.createDirectories(dir.resolve("base"));
    Files.createDirectories(dir.resolve("state"));
    UnixSystem me = new UnixSystem();
    boolean root = me.getUid() == 0;
    String user = System.getProperty("user.name");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path oauth = dir.resolve("dovecot-oauth2.conf.ext");
    Files.writeString(oauth, String.join("\n",
        "introspection_url = " + introspection,
        "introspection_mode = post",
        "force_introspection = yes",
        "username_attribute = username",
        "active_attribute = active",
        "active_value = true",
        ""));
    Path config = dir.resolve("dovecot.conf");
    Files.writeString(config, String.join("\n",
        "base_dir = " + dir.resolve("base"),
        "state_dir = " + dir.resolve("state"),
        "log_path = " + dir.resolve("dovecot.log"),
        "listen = 127.0.0.1",
        "protocols = imap",
        "ssl = no",
        "disable_plaintext_auth = no",
        "auth_mechanisms = xoauth2 oauthbearer",
        "auth_failure_delay = 0",
        "default_internal_user = " + (root ? "dovecot" : user),
        "default_login_user = " + (root ? "dovenull" : user),
        // without root, sockets can only be handed to our own group
        root ? "" : "default_internal_group = " + group(dir),
        "first_valid_uid = 1",
        "mail_location = maildir:" + mail + "/%n",
        "passdb {",
        "  driver = oauth2",
        "  mechanisms = xoauth2 oauthbearer",
        "  args = " + oauth,
        "}",
        "userdb {",
        // root may not read mail; nobody may, in a world-writable directory
        "  args = uid=" + (root ? 65534 : me.getUid()) + " gid=" + (root ? 65534 : me.getGid()) + " home=" + mail + "/%n",
        "  driver = static",
        "}",
        "service imap-login {",
        "  chroot =",
        "  inet_listener imap {",
        "    address = 127.0.0.1",
        "    port = " + port,
        "  }",
        "  inet_listener imaps {",
        "    port = 0",
        "  }",
        "}",
        "service anvil {",
        "  chroot =",
        "}",
        ""));
    DovecotServer d = new DovecotServer(dir, config, port);
    d.launch();
    return d;
  }

  private static String group(Path dir) throws IOException {
    return ((GroupPrincipal) Files.getAttribute(dir, "posix:group")).getName();
  }

  public int port() {
    return port;
  }

  /** Stops and starts the server, which drops every session, as a server restart or a token-expiry kick would. */
  public void restart() throws Exception {
    stop();
    launch();
  }

  /** Puts a message into the user's INBOX over IMAP, signing in with XOAUTH2. */
  public void append(String user, String token, String raw) throws Exception {
    Properties props = new Properties();
    props.put("mail.imap.auth.mechanisms", "XOAUTH2");
    props.put("mail.imap.auth.xoauth2.disable", "false");
    Session session = Session.getInstance(props);
    try (Store store = session.getStore("imap")) {
      store.connect("127.0.0.1", port, user, token);
      Folder inbox = store.getFolder("INBOX");
      inbox.appendMessages(new MimeMessage[] {new MimeMessage(session, new ByteArrayInputStream(raw.getBytes()))});
    }
  }

  private void launch() throws IOException, InterruptedException {
    run(List.of(BINARY.toString(), "-c", config.toString()), dir.resolve("dovecot.out"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("dovecot did not start; see " + dir.resolve("dovecot.log"));
  }

  private void stop() throws Exception {
    // sessions outlive a stopped master by ten seconds; a restart here should drop them at once, like a crash
    List<ProcessHandle> children = List.of();
    Path pidFile = dir.resolve("base").resolve("master.pid");
    if (Files.exists(pidFile)) {
      children = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()))
          .map(master -> master.descendants().toList())
          .orElse(List.of());
    }
    run(List.of(DOVEADM.toString(), "-c", config.toString(), "stop"), dir.resolve("doveadm.out"));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.exists(pidFile) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    for (ProcessHandle child : children) {
      child.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      child.onExit().get(10, TimeUnit.SECONDS);
    }
  }

  /** Output goes to a file: the daemon keeps its inherited pipes open, so reading them would never end. */
  private static void run(List<String> command, Path output) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroy();
      throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(output));
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // best effort: the temporary directory goes anyway
    }
  }
}
