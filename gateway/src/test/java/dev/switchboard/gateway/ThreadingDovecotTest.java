package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.security.auth.module.UnixSystem;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threading as a real IMAP server other than GreenMail computes it: Debian's Dovecot, its {@code imap} process run
 * pre-authenticated on a temporary maildir, is given each person's mail as our outbox produced it (the requester's
 * acknowledgments, relays and status mails with her own mails; each coordinator's notifications and receipts), and
 * {@code THREAD REFERENCES} (RFC 5256: In-Reply-To and References, as Thunderbird threads) and
 * {@code THREAD ORDEREDSUBJECT} (the base subject, close to Outlook's conversation by normalised subject) must give
 * one thread per ticket per person.
 */
class ThreadingDovecotTest {
  private static final Path IMAP = Path.of("/usr/lib/dovecot/imap");
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String JANE = "jane@example.org";
  private static final String ALICE = "alice@corp.example";
  private static final String BOB = "bob@corp.example";
  private static final Pattern TAG = Pattern.compile("\\[#(\\d+)]");

  @TempDir
  Path dir;
  private GatewayHarness h;

  @BeforeAll
  static void dovecotInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(IMAP),
        "Dovecot's imap binary is missing at " + IMAP + ": apt-get install -y dovecot-imapd to run this test");
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static JsonObject config(JsonObject c) {
    JsonObject box = c.getJsonArray("mailboxes").getJsonObject(0);
    box.put("agents", new JsonObject()
        .put("addresses", new JsonArray().add(ALICE))
        .put("domains", new JsonArray().add("corp.example"))
        .put("notify", new JsonArray().add(BOB))
        .put("trustedAuthservIds", new JsonArray().add("mx.example.com")));
    box.put("replyTokens", true);
    c.put("tickets", new JsonObject().put("replyTokenSecret", "threading-test-secret"));
    return c;
  }

  private static String mail(String from, String to, String id, String subject, String headers, String body) {
    return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + ">\r\n"
        + "Date: Fri, 04 Dec 2026 10:00:00 +0000\r\n" + headers + "\r\n" + body + "\r\n";
  }

  /** Everything the service sent to this address, as the bytes that went over SMTP. */
  private List<byte[]> receivedBy(String address) throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (MimeMessage m : h.mail().getReceivedMessages()) {
      Address[] all = m.getAllRecipients();
      for (Address a : all == null ? new Address[0] : all) {
        if (((InternetAddress) a).getAddress().equalsIgnoreCase(address)) {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          m.writeTo(bytes);
          out.add(bytes.toByteArray());
        }
      }
    }
    return out;
  }

  @Test
  void eachPersonSeesOneThreadPerTicketByReferencesAndBySubject() throws Exception {
    h = GatewayHarness.start(ThreadingDovecotTest::config);
    String m1 = mail("Jane Doe <" + JANE + ">", SUPPORT, "m1@example.org", "Printer on fire", "",
        "The printer on floor 3 is on fire.");
    String m2 = mail("Jane Doe <" + JANE + ">", SUPPORT, "m2@example.org", "VPN drops every hour", "",
        "Since Monday.");
    h.deliver(m1);
    h.deliver(m2);
    await("both tickets told", WAIT, () -> h.sentTo(ALICE, n -> n != null).size() == 2
        && h.sentTo(BOB, n -> n != null).size() == 2);
    MimeMessage told = h.sentTo(ALICE, n -> n != null).stream()
        .filter(m -> subject(m).contains("#1001")).findFirst().orElseThrow();

    // Alice answers from her notification: a relay and a status mail to Jane, a receipt to her
    String a1 = mail("Alice Agent <" + ALICE + ">", told.getHeader("Reply-To", null), "a1@corp.example",
        "Re: " + told.getSubject(), "In-Reply-To: " + told.getMessageID() + "\r\nReferences: " + told.getMessageID()
            + "\r\n", "#status waiting\r\n\r\nPlease switch it off at the wall.");
    h.deliver(a1);
    await("relayed", WAIT, () -> h.sentTo(JANE, n -> n == null).size() >= 3);
    MimeMessage relay = h.sentTo(JANE, n -> n == null).stream()
        .filter(m -> body(m).contains("switch it off")).findFirst().orElseThrow();

    // Jane answers the relay: both coordinators are told in their thread
    String m3 = mail("Jane Doe <" + JANE + ">", SUPPORT, "m3@example.org", "Re: " + relay.getSubject(),
        "In-Reply-To: " + relay.getMessageID() + "\r\nReferences: <m1@example.org> " + relay.getMessageID() + "\r\n",
        "It is off now.\r\n\r\nOn Fri, Example IT wrote:\r\n> Please switch it off");
    h.deliver(m3);
    await("reply told", WAIT, () -> h.sentTo(ALICE, n -> n != null && !"receipt".equals(n)).size() == 3
        && h.sentTo(BOB, n -> n != null).size() == 3);
    h.awaitQuiet(WAIT);

    List<byte[]> jane = new ArrayList<>(receivedBy(JANE));
    for (String own : List.of(m1, m2, m3)) {
      jane.add(own.getBytes(StandardCharsets.UTF_8));
    }
    List<byte[]> alice = new ArrayList<>(receivedBy(ALICE));
    alice.add(a1.getBytes(StandardCharsets.UTF_8));
    List<byte[]> bob = receivedBy(BOB);
    assertThat(jane).as("Jane: 3 of hers, 2 acknowledgments, a relay, a status mail").hasSizeGreaterThanOrEqualTo(7);
    assertThat(alice).as("Alice: 3 notifications, a receipt, her reply").hasSize(5);
    assertThat(bob).as("Bob: 3 notifications").hasSize(3);

    for (Map.Entry<String, List<byte[]>> person : Map.of("jane", jane, "alice", alice, "bob", bob).entrySet()) {
      Map<Integer, Long> ticketOf = new LinkedHashMap<>();
      for (int i = 0; i < person.getValue().size(); i++) {
        String headers = new String(person.getValue().get(i), StandardCharsets.UTF_8).split("\r?\n\r?\n", 2)[0];
        Matcher tag = TAG.matcher(headers.lines().filter(l -> l.startsWith("Subject:")).findFirst().orElse(""));
        ticketOf.put(i + 1, tag.find() ? Long.parseLong(tag.group(1)) : -1L);
      }
      String output = imap(person.getKey(), person.getValue(),
          List.of("THREAD REFERENCES UTF-8 ALL", "THREAD ORDEREDSUBJECT UTF-8 ALL"));
      List<String> threadLines = output.lines().filter(l -> l.startsWith("* THREAD ")).toList();
      assertThat(threadLines).as(person.getKey() + ": both THREAD answers in\n" + output).hasSize(2);
      for (String line : threadLines) {
        List<List<Integer>> threads = threads(line.substring("* THREAD ".length()));
        List<TreeSet<Long>> tickets = threads.stream()
            .map(t -> new TreeSet<>(t.stream().map(n -> ticketOf.getOrDefault(n, -2L)).toList())).toList();
        // the tickets' own messages with the tag: Jane's first mails have none yet and thread by reference
        assertThat(tickets).as(person.getKey() + ": one ticket per thread, " + line + " with " + ticketOf)
            .allSatisfy(t -> assertThat(t.stream().filter(n -> n > 0).count()).isLessThanOrEqualTo(1));
        long distinct = ticketOf.values().stream().filter(n -> n > 0).distinct().count();
        assertThat(tickets.stream().filter(t -> t.stream().anyMatch(n -> n > 0)).count())
            .as(person.getKey() + ": one thread per ticket, " + line).isEqualTo(distinct);
        // Jane's own first mails have no tag yet: each must sit in its ticket's thread, not alone (by references
        // through our In-Reply-To; by subject because RFC 5256's base subject drops a leading [#1001] blob)
        assertThat(tickets).as(person.getKey() + ": no thread without a ticket, " + line)
            .allSatisfy(t -> assertThat(t).anyMatch(n -> n > 0));
      }
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String body(MimeMessage m) {
    try {
      return String.valueOf(m.getContent());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The message numbers of each top-level thread of a THREAD answer such as {@code (1 2)(3 (4)(5))}. */
  static List<List<Integer>> threads(String answer) {
    List<List<Integer>> out = new ArrayList<>();
    int depth = 0;
    StringBuilder number = new StringBuilder();
    for (char c : (answer + " ").toCharArray()) {
      if (Character.isDigit(c)) {
        number.append(c);
        continue;
      }
      if (number.length() > 0) {
        out.get(out.size() - 1).add(Integer.parseInt(number.toString()));
        number.setLength(0);
      }
      if (c == '(') {
        if (depth == 0) {
          out.add(new ArrayList<>());
        }
        depth++;
      } else if (c == ')') {
        depth--;
      }
    }
    return out;
  }

  /**
   * Appends the messages to a fresh INBOX of a pre-authenticated Dovecot {@code imap} process (no daemon, no login:
   * stdin and stdout are the IMAP connection) and runs the commands on it; the whole transcript.
   */
  private String imap(String person, List<byte[]> messages, List<String> commands)
      throws IOException, InterruptedException {
    Path home = Files.createDirectories(dir.resolve(person));
    Path mail = Files.createDirectories(home.resolve("mail"));
    UnixSystem me = new UnixSystem();
    boolean root = me.getUid() == 0;
    // Dovecot never gives root mail access: as root, the mail belongs to nobody
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(mail, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path config = home.resolve("dovecot.conf");
    Files.writeString(config, String.join("\n",
        "base_dir = " + home.resolve("base"),
        "state_dir = " + home.resolve("state"),
        "log_path = " + home.resolve("dovecot.log"),
        "protocols = imap",
        "ssl = no",
        "mail_location = maildir:" + mail,
        "mail_uid = " + (root ? 65534 : me.getUid()),
        "mail_gid = " + (root ? 65534 : me.getGid()),
        "first_valid_uid = 0",
        "first_valid_gid = 0",
        ""));
    ProcessBuilder pb = new ProcessBuilder(IMAP.toString(), "-c", config.toString()).redirectErrorStream(true);
    pb.environment().put("USER", root ? "nobody" : System.getProperty("user.name"));
    pb.environment().put("HOME", mail.toString());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      int tag = 0;
      for (byte[] m : messages) {
        // LITERAL+: no need to wait for the server's continuation
        in.write(("a" + tag++ + " APPEND INBOX {" + m.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        in.write(m);
        in.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      in.write("s SELECT INBOX\r\n".getBytes(StandardCharsets.US_ASCII));
      for (String c : commands) {
        in.write(("c" + tag++ + " " + c + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      in.write("z LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("imap ended").isTrue();
    assertThat(output).as("a pre-authenticated session").contains("* PREAUTH").contains("z OK");
    return output;
  }
}
