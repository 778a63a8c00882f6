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
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop: a second instance runs in its own JVM ({@code switchboard run}), owns one of two mailboxes, and gets
 * SIGTERM (what docker stop and systemd send) while mail arrives. It must finish its batch, release its lease and exit
 * 0; the instance in the test's JVM takes the mailbox at its next heartbeat, long before the 30 s lease would run out.
 */
class FleetSigtermEndToEndTest {
  private static final int LEASE_SECONDS = 30;
  private static final int HEARTBEAT_SECONDS = 1;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DESK = "desk@example.com";
  private static final List<String> ADDRESSES = List.of(GatewayHarness.SUPPORT, DESK);
  private static final Path CHILD_LOG = Path.of("target", "fleet-sigterm-child.log");

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
    return json.put("fleet",
        new JsonObject().put("leaseSeconds", LEASE_SECONDS).put("heartbeatSeconds", HEARTBEAT_SECONDS));
  }

  private static String sender(int n) {
    return "caller" + n + "@example.org";
  }

  private void deliverRound() {
    for (String to : ADDRESSES) {
      int n = ++sent;
      String raw = "From: <" + sender(n) + ">\r\nTo: " + to + "\r\nSubject: Request " + n + "\r\n"
          + "Message-ID: <term-" + n + "@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nHelp " + n + "\r\n";
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
  void aStoppedInstanceReleasesItsMailboxAndExitsZero(@TempDir Path dir) throws Exception {
    h = GatewayHarness.start(FleetSigtermEndToEndTest::fleetConfig, mail -> mail.setUser(DESK, DESK, "desk"));
    Path config = dir.resolve("switchboard.json");
    Files.writeString(config, h.config().encodePrettily());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", config.toString())
        .redirectErrorStream(true).redirectOutput(CHILD_LOG.toFile()).start();
    await("the second instance takes one mailbox", WAIT, () -> heldByOthers() == 1);
    assertThat(h.app().fleet().owned()).hasSize(1);
    deliverRound();
    await("tickets of the first round", WAIT, () -> h.count("select count(*) from ticket") == 2);

    // mail waiting in both mailboxes as the signal arrives: the child's batch is under way or about to start
    deliverRound();
    child.destroy();
    long signalled = System.nanoTime();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("the child stopped within 30 s of SIGTERM").isTrue();
    long stopMs = (System.nanoTime() - signalled) / 1_000_000;
    assertThat(child.exitValue()).as("exit code after SIGTERM, see %s", CHILD_LOG).isZero();
    assertThat(Files.readString(CHILD_LOG)).contains("switchboard stopped");
    assertThat(heldByOthers()).as("leases the stopped instance still holds").isZero();

    await("the stopped instance's mailbox taken over", WAIT, () -> h.app().fleet().owned().size() == 2);
    long takeoverMs = (System.nanoTime() - signalled) / 1_000_000;
    System.out.printf("fleet takeover after SIGTERM: stopped in %d ms, taken over after %d ms (lease %d s)%n",
        stopMs, takeoverMs, LEASE_SECONDS);
    // released, not expired: within the stop plus a heartbeat or two, nowhere near the lease
    assertThat(takeoverMs).isLessThan(stopMs + 3_000L * HEARTBEAT_SECONDS + 1_000L);
    deliverRound();

    int expected = sent;
    await(expected + " tickets", WAIT, () -> h.count("select count(*) from ticket") == expected);
    await("an acknowledgment to every sender", WAIT,
        () -> IntStream.rangeClosed(1, expected).allMatch(n -> !h.receivedBy(sender(n)).isEmpty()));
    assertThat(h.count("select count(*) from ticket")).isEqualTo(expected);
    assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment'")).isEqualTo(expected);
    for (int n = 1; n <= expected; n++) {
      List<MimeMessage> acks = h.receivedBy(sender(n));
      assertThat(acks).as("acknowledgments to %s", sender(n)).hasSize(1);
      assertThat(acks.get(0).getHeader("In-Reply-To", null)).isEqualTo("<term-" + n + "@example.org>");
    }
  }
}
