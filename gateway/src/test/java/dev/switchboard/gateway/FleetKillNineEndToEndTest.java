package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill -9: a second instance runs in its own JVM ({@code switchboard run}), takes one of two mailboxes, and is
 * killed with SIGKILL while mail arrives. The instance in the test's JVM must take the mailbox over within the lease
 * and every mail must become one ticket and one acknowledgment.
 */
class FleetKillNineEndToEndTest {
  private static final int LEASE_SECONDS = 3;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DESK = "desk@example.com";
  private static final List<String> ADDRESSES = List.of(GatewayHarness.SUPPORT, DESK);

  private GatewayHarness h;
  private Process child;
  private int sent;

  @AfterEach
  void stop() {
    if (child != null) {
      child.destroyForcibly();
    }
    if (h != null) {
      h.close();
    }
  }

  private static JsonObject fleetConfig(JsonObject json) {
    JsonArray boxes = json.getJsonArray("mailboxes");
    JsonObject desk = boxes.getJsonObject(0).copy().put("name", "desk").put("address", DESK);
    desk.getJsonObject("imap").put("username", DESK).put("password", "desk");
    boxes.add(desk);
    return json.put("fleet", new JsonObject().put("leaseSeconds", LEASE_SECONDS).put("heartbeatSeconds", 1));
  }

  private static String sender(int n) {
    return "caller" + n + "@example.org";
  }

  private void deliverRound() {
    for (String to : ADDRESSES) {
      int n = ++sent;
      String raw = "From: <" + sender(n) + ">\r\nTo: " + to + "\r\nSubject: Request " + n + "\r\n"
          + "Message-ID: <kill-" + n + "@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nHelp " + n + "\r\n";
      try {
        h.mail().getUserManager().getUser(to).deliver(new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private long heldByOthers() {
    return h.count("select count(*) from lease where expires_at > now() and owner <> '"
        + h.app().fleet().instanceId() + "'");
  }

  @Test
  void aKilledInstancesMailboxIsTakenOverWithNothingLostOrDoubled(@TempDir Path dir) throws Exception {
    h = GatewayHarness.start(FleetKillNineEndToEndTest::fleetConfig, mail -> mail.setUser(DESK, DESK, "desk"));
    Path config = dir.resolve("switchboard.json");
    Files.writeString(config, h.config().encodePrettily());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(Path.of("target", "fleet-child.log").toFile()).start();
    await("the second instance takes one mailbox", WAIT, () -> heldByOthers() == 1);
    assertThat(h.app().fleet().owned()).hasSize(1);
    deliverRound();
    await("tickets of the first round", WAIT, () -> h.count("select count(*) from ticket") == 2);

    deliverRound();
    child.destroyForcibly().waitFor();
    long killed = System.nanoTime();
    deliverRound();
    await("the killed instance's mailbox taken over", WAIT, () -> h.app().fleet().owned().size() == 2);
    long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
    deliverRound();
    System.out.printf("fleet takeover after kill -9: %d ms (lease %d s)%n", takeoverMs, LEASE_SECONDS);
    assertThat(takeoverMs).isLessThan((LEASE_SECONDS + 2) * 1000L);

    int expected = sent;
    await(expected + " tickets", WAIT, () -> h.count("select count(*) from ticket") == expected);
    // an acknowledgment the killed instance had leased from the outbox goes out when that lease (2 min) runs out
    await("an acknowledgment to every sender", Duration.ofMinutes(3),
        () -> IntStream.rangeClosed(1, expected).allMatch(n -> !h.receivedBy(sender(n)).isEmpty()));
    Thread.sleep(LEASE_SECONDS * 1000L);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(expected);
    assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment'")).isEqualTo(expected);
    for (int n = 1; n <= expected; n++) {
      List<MimeMessage> acks = h.receivedBy(sender(n));
      assertThat(acks).as("acknowledgments to %s", sender(n)).hasSize(1);
      assertThat(acks.get(0).getHeader("In-Reply-To", null)).isEqualTo("<kill-" + n + "@example.org>");
    }
  }
}
