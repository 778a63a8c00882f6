package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9 in a fleet of three: the instance in the test's JVM, a second one in its own JVM
 * ({@code switchboard run}) and a third in the test's JVM share one PostgreSQL and four GreenMail mailboxes. The child
 * takes two mailboxes and is killed with SIGKILL while it imports a backlog of 2,000 mails. Its mailboxes must be taken
 * over within leaseSeconds + heartbeatSeconds, every mail must become exactly one ticket, and every acknowledgment must
 * reach its requester once: a copy the dead instance handed to SMTP without recording it (at most one per SMTP
 * connection) may be sent again, but with the same Message-ID, so the requester's mail client shows it once.
 */
class FleetKillNineEndToEndTest {
  private static final int LEASE_SECONDS = 3;
  private static final int HEARTBEAT_SECONDS = 1;
  private static final int MAILS = 2_000;
  private static final int BEFORE_KILL = 1_200;
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> ADDRESSES =
      List.of(GatewayHarness.SUPPORT, "desk1@example.com", "desk2@example.com", "desk3@example.com");
  private static final Path CHILD_LOG = Path.of("target", "fleet-kill-child.log");

  private GatewayHarness h;
  private Switchboard third;
  private Process child;
  private final Session session = Session.getInstance(new Properties());

  @AfterEach
  void stop() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (third != null) {
      third.close();
    }
    if (h != null) {
      h.close();
    }
  }

  private static JsonObject fleetConfig(JsonObject json) {
    JsonArray boxes = json.getJsonArray("mailboxes");
    for (String address : ADDRESSES.subList(1, ADDRESSES.size())) {
      String name = address.substring(0, address.indexOf('@'));
      JsonObject box = boxes.getJsonObject(0).copy().put("name", name).put("address", address);
      box.getJsonObject("imap").put("username", address).put("password", name);
      boxes.add(box);
    }
    return json.put("fleet",
        new JsonObject().put("leaseSeconds", LEASE_SECONDS).put("heartbeatSeconds", HEARTBEAT_SECONDS));
  }

  private static String sender(int n) {
    return "caller" + n + "@example.org";
  }

  private static String messageId(int n) {
    return "<kill-" + n + "@example.org>";
  }

  /** Mail n goes to mailbox n mod 4, so every mailbox has a backlog. */
  private void deliver(int from, int to) {
    for (int n = from; n <= to; n++) {
      String address = ADDRESSES.get(n % ADDRESSES.size());
      String raw = "From: <" + sender(n) + ">\r\nTo: " + address + "\r\nSubject: Request " + n + "\r\n"
          + "Message-ID: " + messageId(n) + "\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nHelp " + n + "\r\n";
      try {
        h.mail().getUserManager().getUser(address).deliver(
            new MimeMessage(session, new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private String childId() {
    List<Row> rows = h.query("select id from instance where id not in ('" + h.app().fleet().instanceId() + "'"
        + (third == null ? "" : ", '" + third.fleet().instanceId() + "'") + ")");
    return rows.isEmpty() ? null : rows.get(0).getString(0);
  }

  private long ownedBy(String instance) {
    return h.count("select count(*) from lease where expires_at > now() and owner = '" + instance + "'");
  }

  private long ticketsIn(List<String> resources) {
    String names = resources.stream().map(r -> "'" + r.substring("mailbox:".length()) + "'")
        .collect(Collectors.joining(","));
    return h.count("select count(*) from ticket t join mailbox m on m.id = t.mailbox_id where m.name in (" + names + ")");
  }

  @Test
  void aKilledInstancesMailboxesAreTakenOverWithEveryMailOnceAndEveryAcknowledgmentOnce(@TempDir Path dir)
      throws Exception {
    h = GatewayHarness.start(FleetKillNineEndToEndTest::fleetConfig, mail -> {
      for (String address : ADDRESSES.subList(1, ADDRESSES.size())) {
        mail.setUser(address, address, address.substring(0, address.indexOf('@')));
      }
    });
    Path config = dir.resolve("switchboard.json");
    Files.writeString(config, h.config().encodePrettily());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(CHILD_LOG.toFile()).start();
    // four mailboxes, at most two per instance: the child takes two from the first, the third stands by with none
    await("the child instance takes two mailboxes", WAIT, () -> childId() != null && ownedBy(childId()) == 2);
    String childId = childId();
    third = Switchboard.start(SwitchboardConfig.fromJson(h.config(), Map.of()));
    await("three live instances", WAIT,
        () -> h.count("select count(*) from instance where heartbeat_at > now() - interval '3 seconds'") == 3);
    List<String> childsMailboxes = h.query("select resource from lease where owner = '" + childId + "'").stream()
        .map(r -> r.getString(0)).toList();
    assertThat(childsMailboxes).hasSize(2);

    deliver(1, BEFORE_KILL);
    // mid-import: the child has filed some of its backlog, not all of it
    await("the child imports part of its backlog", WAIT, () -> ticketsIn(childsMailboxes) >= 100);
    child.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    long filedByChild = ticketsIn(childsMailboxes);
    deliver(BEFORE_KILL + 1, MAILS);
    assertThat(filedByChild).as("tickets from the child's mailboxes when it was killed").isLessThan(BEFORE_KILL / 2);

    String survivors = "('" + h.app().fleet().instanceId() + "', '" + third.fleet().instanceId() + "')";
    String inList = childsMailboxes.stream().map(r -> "'" + r + "'").collect(Collectors.joining(","));
    await("the killed instance's mailboxes taken over", WAIT, () -> h.count("select count(*) from lease where "
        + "resource in (" + inList + ") and owner in " + survivors + " and expires_at > now()") == 2);
    long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
    assertThat(ownedBy(h.app().fleet().instanceId()) + ownedBy(third.fleet().instanceId())).isEqualTo(4);

    await(MAILS + " tickets", WAIT, () -> h.count("select count(*) from ticket") == MAILS);
    long importedMs = (System.nanoTime() - killed) / 1_000_000;
    // an acknowledgment the killed instance had claimed from the outbox goes out when that claim (2 min) runs out
    await("an acknowledgment to every sender", Duration.ofMinutes(3),
        () -> h.count("select count(*) from outbox where kind = 'acknowledgment' and state = 'sent'") == MAILS);
    long acknowledgedMs = (System.nanoTime() - killed) / 1_000_000;

    Map<String, List<String>> messageIds = new HashMap<>();
    Map<String, Set<String>> inReplyTo = new HashMap<>();
    await("every acknowledgment received by the SMTP server", WAIT, () -> {
      messageIds.clear();
      inReplyTo.clear();
      for (MimeMessage m : h.mail().getReceivedMessages()) {
        try {
          String to = ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress();
          if (to.startsWith("caller")) {
            messageIds.computeIfAbsent(to, k -> new ArrayList<>()).add(m.getMessageID());
            inReplyTo.computeIfAbsent(to, k -> new HashSet<>()).add(m.getHeader("In-Reply-To", null));
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return messageIds.size() == MAILS;
    });
    int copies = messageIds.values().stream().mapToInt(List::size).sum();
    System.out.printf("fleet kill -9 of 3: %d of %d mails filed by the child before the kill, takeover %d ms "
            + "(lease %d s, heartbeat %d s), all tickets %d ms and all acknowledgments %d ms after the kill, "
            + "%d copies of %d acknowledgments%n", filedByChild, MAILS / 2, takeoverMs, LEASE_SECONDS,
        HEARTBEAT_SECONDS, importedMs, acknowledgedMs, copies, MAILS);

    assertThat(takeoverMs).as("takeover after kill -9, ms").isLessThanOrEqualTo(
        (LEASE_SECONDS + HEARTBEAT_SECONDS) * 1000L + 500);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(MAILS);
    assertThat(h.count("select count(distinct message_id) from ticket_message where direction = 'inbound'"))
        .isEqualTo(MAILS);
    assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment'")).isEqualTo(MAILS);
    for (int n = 1; n <= MAILS; n++) {
      assertThat(new HashSet<>(messageIds.get(sender(n)))).as("Message-IDs of the acknowledgments to %s", sender(n))
          .hasSize(1);
      assertThat(inReplyTo.get(sender(n))).as("acknowledgment to %s answers", sender(n)).containsExactly(messageId(n));
    }
    // the sender records each mail before the next goes out on its connection, so at most the one acknowledgment in
    // flight on each of the killed instance's SMTP connections can have gone out twice
    int connections = SwitchboardConfig.fromJson(h.config(), Map.of()).outbox().connections();
    assertThat(copies - MAILS).as("acknowledgments sent twice, with the same Message-ID")
        .isLessThanOrEqualTo(connections);
    assertThat(IntStream.rangeClosed(1, MAILS).allMatch(n -> messageIds.containsKey(sender(n)))).isTrue();
  }
}
