package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.cli.SwitchboardCommand;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of the real service in one JVM, sharing the embedded PostgreSQL and one GreenMail with three
 * mailboxes. One instance stops gracefully, one "dies": its database pool is closed before it stops, so it can neither
 * renew nor release its leases, which is what the database sees of a kill -9 (a real kill -9 cannot be done to an
 * instance inside the test's own JVM). Mail keeps arriving throughout; each mail must become exactly one ticket and
 * one acknowledgment.
 */
class FleetEndToEndTest {
  private static final int LEASE_SECONDS = 3;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DESK = "desk@example.com";
  private static final String OPS = "ops@example.com";
  private static final List<String> ADDRESSES = List.of(SUPPORT, DESK, OPS);

  private GatewayHarness h;
  private final List<Switchboard> others = new ArrayList<>();
  private int sent;

  @AfterEach
  void stop() {
    others.forEach(Switchboard::close);
    if (h != null) {
      h.close();
    }
  }

  private static JsonObject mailbox(JsonObject support, String name, String address) {
    JsonObject m = support.copy().put("name", name).put("address", address);
    m.getJsonObject("imap").put("username", address).put("password", name);
    return m;
  }

  private static JsonObject fleetConfig(JsonObject json) {
    JsonArray boxes = json.getJsonArray("mailboxes");
    JsonObject support = boxes.getJsonObject(0);
    boxes.add(mailbox(support, "desk", DESK)).add(mailbox(support, "ops", OPS));
    return json.put("fleet", new JsonObject().put("leaseSeconds", LEASE_SECONDS).put("heartbeatSeconds", 1));
  }

  private Switchboard startAnother() {
    Switchboard app = Switchboard.start(SwitchboardConfig.fromJson(h.config(), Map.of()));
    others.add(app);
    return app;
  }

  /** One new mail into each mailbox, straight into the IMAP store. */
  private void deliverRound() {
    for (String to : ADDRESSES) {
      int n = ++sent;
      // a sender per mail: the per-sender acknowledgment limit is not under test
      String raw = "From: User " + n + " <" + sender(n) + ">\r\nTo: " + to + "\r\nSubject: Request " + n + "\r\n"
          + "Message-ID: <fleet-" + n + "@example.org>\r\nDate: Fri, 04 Dec 2026 10:00:00 +0000\r\n\r\nHelp " + n + "\r\n";
      try {
        h.mail().getUserManager().getUser(to).deliver(new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8))));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String sender(int n) {
    return "user" + n + "@example.org";
  }

  private static List<String> owned(Switchboard app) {
    return app.fleet().owned();
  }

  /** How long until every mailbox of the fleet is worked by one of {@code survivors}. */
  private static long millisUntilAllOwnedBy(List<Switchboard> survivors) {
    long start = System.nanoTime();
    await("every mailbox owned by a survivor", WAIT, () -> {
      Set<String> all = new HashSet<>();
      survivors.forEach(s -> all.addAll(owned(s)));
      return all.size() == 3;
    });
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void mailboxesSpreadAcrossInstancesAndAreTakenOverWithNothingLostOrDoubled(@TempDir Path dir) throws Exception {
    h = GatewayHarness.start(FleetEndToEndTest::fleetConfig, mail -> {
      mail.setUser(DESK, DESK, "desk");
      mail.setUser(OPS, OPS, "ops");
    });
    Switchboard first = h.app();
    assertThat(owned(first)).as("a lone instance works everything from the start")
        .containsExactly("mailbox:desk", "mailbox:ops", "mailbox:support");
    deliverRound();

    Switchboard second = startAnother();
    Switchboard third = startAnother();
    List<Switchboard> fleet = List.of(first, second, third);
    await("one mailbox per instance", WAIT, () -> fleet.stream().allMatch(a -> owned(a).size() == 1));
    assertThat(fleet.stream().flatMap(a -> owned(a).stream()))
        .containsExactlyInAnyOrder("mailbox:desk", "mailbox:ops", "mailbox:support");
    deliverRound();
    await("tickets from the first two rounds", WAIT, () -> h.count("select count(*) from ticket") == 6);

    // the fleet as GET /health shows it to a token holder
    JsonObject health = h.getJson("/health");
    JsonArray instances = health.getJsonObject("fleet").getJsonArray("instances");
    assertThat(instances).hasSize(3);
    assertThat(instances.stream().map(i -> (JsonObject) i).mapToInt(i -> i.getJsonArray("owns").size()).sum())
        .isEqualTo(3);
    assertThat(instances.stream().map(i -> (JsonObject) i).allMatch(i -> i.getBoolean("live"))).isTrue();

    // graceful stop: the leases are released, a survivor takes over at its next heartbeat
    List<String> secondOwned = owned(second);
    second.close();
    others.remove(second);
    deliverRound();
    long gracefulMs = millisUntilAllOwnedBy(List.of(first, third));
    assertThat(gracefulMs).as("graceful takeover").isLessThan(LEASE_SECONDS * 1000L);
    deliverRound();

    // a "dead" instance: no renewal, no release; its lease must run out first
    List<String> thirdOwned = owned(third);
    third.pool().close().await();
    long died = System.nanoTime();
    deliverRound();
    long[] stoppedAt = {0};
    await("the dead instance's mailbox taken over", WAIT, () -> {
      if (stoppedAt[0] == 0 && owned(third).isEmpty()) {
        stoppedAt[0] = System.nanoTime();
      }
      return owned(first).size() == 3;
    });
    long crashMs = (System.nanoTime() - died) / 1_000_000;
    assertThat(stoppedAt[0]).as("the cut-off instance stopped its own work before the takeover").isPositive();
    third.close();
    others.remove(third);
    deliverRound();
    assertThat(crashMs).as("takeover after a death, lease %d s", LEASE_SECONDS)
        .isLessThan((LEASE_SECONDS + 2) * 1000L);
    System.out.printf("fleet takeover graceful=%d ms (was %s) dead=%d ms (was %s)%n", gracefulMs, secondOwned, crashMs,
        thirdOwned);

    int expected = sent;
    await(expected + " tickets", WAIT, () -> h.count("select count(*) from ticket") == expected);
    // an acknowledgment the "dead" instance had leased from the outbox goes out when that lease (2 min) runs out
    await("an acknowledgment to every sender", Duration.ofMinutes(3),
        () -> IntStream.rangeClosed(1, expected).allMatch(n -> !h.receivedBy(sender(n)).isEmpty()));
    Thread.sleep(LEASE_SECONDS * 1000L);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(expected);
    assertThat(h.count("select count(distinct message_id) from ticket_message where direction = 'inbound'"))
        .isEqualTo(expected);
    assertThat(h.count("select count(*) from outbox where kind = 'acknowledgment'")).isEqualTo(expected);
    for (int n = 1; n <= expected; n++) {
      List<MimeMessage> acks = h.receivedBy(sender(n));
      assertThat(acks).as("acknowledgments to %s", sender(n)).hasSize(1);
      assertThat(acks.get(0).getHeader("In-Reply-To", null)).isEqualTo("<fleet-" + n + "@example.org>");
    }
    assertThat(h.count("select count(*) from lease where fencing > 1")).as("taken over leases were fenced anew")
        .isGreaterThanOrEqualTo(2);

    // switchboard status reads the same from the database
    Path config = dir.resolve("switchboard.json");
    Files.writeString(config, h.config().encodePrettily());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = SwitchboardCommand.execute("status", "--config", config.toString());
    } finally {
      System.setOut(old);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text).contains(first.fleet().instanceId() + "  live")
        .contains("mailbox:desk").contains("mailbox:ops").contains("mailbox:support")
        .contains(third.fleet().instanceId() + "  SILENT");
    assertThat(Stream.of(text.split("\n")).filter(l -> l.startsWith("    mailbox:")).count()).isEqualTo(3);
  }
}
