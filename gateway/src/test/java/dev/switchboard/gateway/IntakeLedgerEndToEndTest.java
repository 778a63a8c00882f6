package dev.switchboard.gateway;

import static dev.switchboard.gateway.testing.GatewayHarness.SUPPORT;
import static dev.switchboard.gateway.testing.GatewayHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.cli.SwitchboardCommand;
import dev.switchboard.gateway.testing.GatewayHarness;
import dev.switchboard.store.ApiRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake ledger an operator acts on: set-aside mail listed, downloaded and replayed over the API, and
 * {@code switchboard reconcile} finding mail the database lost and getting it filed once.
 */
class IntakeLedgerEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String JANE = "jane@example.org";

  @TempDir Path dir;
  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** A delivery failure report about mail Switchboard never sent: set aside, no ticket. */
  private static String strayBounce() {
    return "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\r\n"
        + "To: " + SUPPORT + "\r\n"
        + "Subject: Undelivered Mail Returned to Sender\r\n"
        + "Message-ID: <stray-bounce@mx.example.org>\r\n"
        + "Auto-Submitted: auto-replied\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
        + "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
        + "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        + "Reporting-MTA: dns; mx.example.org\r\n\r\n"
        + "Final-Recipient: rfc822; " + JANE + "\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
        + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        + "From: someone@example.net\r\nTo: " + JANE + "\r\nSubject: Hello\r\n"
        + "Message-ID: <never-sent-by-us@example.net>\r\n\r\n"
        + "--B--\r\n";
  }

  private static String customerMail(String messageId, String subject) {
    return "From: Jane <" + JANE + ">\r\nTo: " + SUPPORT + "\r\nSubject: " + subject + "\r\n"
        + "Message-ID: <" + messageId + ">\r\n\r\nPlease help.\r\n";
  }

  private void deliverAndSettle() {
    h.deliver(customerMail("printer@example.org", "Printer on fire"));
    h.deliver(strayBounce());
    await("both processed", WAIT,
        () -> h.count("select count(*) from raw_message where state <> 'received'") == 2);
  }

  @Test
  void aSetAsideBounceIsListedDownloadedByAnAdminOnlyAndReplayedWithoutARestart() {
    h = GatewayHarness.start();
    String reader = h.createToken("reader", ApiRole.READER);
    deliverAndSettle();

    JsonObject setAside = h.getJson("/raw-messages?state=set-aside");
    assertThat(setAside.getInteger("_status")).isEqualTo(200);
    assertThat(setAside.getLong("total")).isEqualTo(1);
    JsonObject item = setAside.getJsonArray("items").getJsonObject(0);
    long id = item.getLong("id");
    assertThat(item.getString("state")).isEqualTo("set-aside");
    assertThat(item.getString("mailbox")).isEqualTo("support");
    assertThat(item.getString("error")).startsWith("set aside:");
    assertThat(item.getValue("ticket")).isNull();
    assertThat(item.getLong("uid")).isPositive();
    assertThat(item.getLong("uidValidity")).isPositive();
    assertThat(item.getInteger("size")).isPositive();
    assertThat(item.getString("receivedAt")).isNotBlank();
    JsonArray imported = h.getJson("/raw-messages?state=imported").getJsonArray("items");
    assertThat(imported).hasSize(1);
    assertThat(imported.getJsonObject(0).getLong("ticket")).isEqualTo(1001);
    long importedId = imported.getJsonObject(0).getLong("id");

    HttpResponse<String> download = h.send("GET", "/raw-messages/" + id + "/raw", h.adminToken(), null, null);
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).contains("message/rfc822");
    assertThat(download.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("attachment;").contains("raw-message-" + id + ".eml"));
    assertThat(download.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    String stored = new String(h.query("select content from raw_message where id = " + id).get(0).getBuffer(0)
        .getBytes(), StandardCharsets.UTF_8);
    assertThat(download.body()).isEqualTo(stored).contains("Undelivered Mail Returned to Sender");

    assertThat(h.send("GET", "/raw-messages", reader, null, null).statusCode()).isEqualTo(403);
    assertThat(h.send("GET", "/raw-messages/" + id + "/raw", reader, null, null).statusCode()).isEqualTo(403);
    assertThat(h.send("POST", "/raw-messages/" + id + "/reprocess", reader, "application/json", "{}").statusCode())
        .isEqualTo(403);
    assertThat(h.send("POST", "/raw-messages/" + id + "/reprocess", h.adminToken(), "text/plain", "{}").statusCode())
        .isEqualTo(415);
    assertThat(h.sendJson("POST", "/raw-messages/" + importedId + "/reprocess", "{}").getInteger("_status"))
        .as("an imported message is never replayed").isEqualTo(409);
    assertThat(h.getJson("/raw-messages?state=lost").getInteger("_status")).isEqualTo(400);
    assertThat(h.getJson("/raw-messages/abc").getInteger("_status")).isEqualTo(400);
    assertThat(h.getJson("/raw-messages/999999").getInteger("_status")).isEqualTo(404);

    JsonObject replayed = h.sendJson("POST", "/raw-messages/" + id + "/reprocess", "{}");
    assertThat(replayed.getInteger("_status")).isEqualTo(200);
    assertThat(replayed.getJsonObject("previous").getString("state")).isEqualTo("set-aside");
    assertThat(replayed.getString("reprocessedBy")).isEqualTo("token:test-admin");
    assertThat(replayed.getInteger("reprocessCount")).isEqualTo(1);

    // the running intake takes pending work up on every cycle: no restart
    await("replayed message processed again", WAIT, () -> h.count("select count(*) from raw_message where id = " + id
        + " and state = 'processed' and processed_at > reprocessed_at") == 1);
    JsonObject after = h.getJson("/raw-messages/" + id);
    assertThat(after.getString("state")).isEqualTo("set-aside");
    assertThat(after.getString("reprocessedBy")).isEqualTo("token:test-admin");
    assertThat(h.count("select count(*) from ticket")).isEqualTo(1);
  }

  private record Run(int exit, String out) {}

  private static synchronized Run reconcile(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      int exit = SwitchboardCommand.execute(args);
      return new Run(exit, bytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void reconcileFindsMailTheDatabaseLostAndFixGetsItFiledExactlyOnce() throws Exception {
    h = GatewayHarness.start();
    deliverAndSettle();
    Path config = dir.resolve("switchboard.json");
    Files.writeString(config, h.config().encodePrettily());

    Run clean = reconcile("reconcile", "--config", config.toString(), "--mailbox", "support");
    assertThat(clean.exit()).as(clean.out()).isZero();
    assertThat(clean.out()).contains("#1001").contains("set-aside").contains("set aside: a delivery failure report");

    h.stopService();
    // mail committed, then its row removed by hand: the high-water mark is past it, the ledger has no row
    h.deliver(customerMail("laptop@example.org", "Laptop broken"));
    h.query("update mailbox set last_uid = last_uid + 1");
    // and the set-aside bounce's row deleted by hand too
    h.query("delete from raw_message where error like 'set aside:%'");

    Run found = reconcile("reconcile", "--config", config.toString(), "--mailbox", "support");
    assertThat(found.exit()).as(found.out()).isEqualTo(3);
    List<String> unknown = found.out().lines().filter(l -> l.contains(" unknown ")).toList();
    assertThat(unknown).as(found.out()).hasSize(2);
    assertThat(found.out()).contains("unknown=2").contains("imported=1");

    Run fixed = reconcile("reconcile", "--config", config.toString(), "--fix");
    assertThat(fixed.exit()).as(fixed.out()).isZero();
    assertThat(fixed.out()).contains("fetchedAgain=2 of 2");
    Run again = reconcile("reconcile", "--config", config.toString(), "--fix");
    assertThat(again.exit()).as(again.out()).isZero();
    assertThat(again.out()).contains("pending=2").contains("unknown=0").doesNotContain("fetchedAgain");

    h.startService();
    await("lost mail filed", WAIT, () -> h.count("select count(*) from raw_message where state = 'received'") == 0);
    assertThat(h.count("select count(*) from ticket where subject = 'Laptop broken'")).isEqualTo(1);
    assertThat(h.count("select count(*) from ticket")).isEqualTo(2);
    assertThat(h.count("select count(*) from raw_message")).isEqualTo(3);

    Run settled = reconcile("reconcile", "--config", config.toString());
    assertThat(settled.exit()).as(settled.out()).isZero();
    assertThat(settled.out()).contains("imported=2").contains("set-aside=1").contains("#1002");
    assertThat(reconcile("reconcile", "--help").exit()).isZero();
    assertThat(reconcile("reconcile", "--config", config.toString(), "--mailbox", "nope").exit()).isEqualTo(1);
  }
}
