package dev.switchboard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.testing.GatewayHarness;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP server's limits on connections and idle time, seen from raw sockets as a slow or greedy client. */
class HttpLimitsEndToEndTest {
  private GatewayHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", h.app().httpPort());
    s.setSoTimeout(15_000);
    return s;
  }

  /** Reads until the server closes the connection; what it sent before. */
  private static String readToClose(Socket s) throws IOException {
    try (InputStream in = s.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.net.SocketException reset) {
      return "";
    }
  }

  private String request(Socket s) throws IOException {
    s.getOutputStream().write(("GET /tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + h.adminToken()
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    byte[] buf = new byte[8192];
    int n = s.getInputStream().read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  @Test
  void halfSentRequestsAreClosedAfterTheIdleTimeout() throws Exception {
    h = GatewayHarness.start(c -> c.put("http", c.getJsonObject("http").put("idleTimeoutSeconds", 1)));
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Socket s = connect();
      s.getOutputStream().write("GET /tickets HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      slow.add(s);
    }
    long start = System.nanoTime();
    for (Socket s : slow) {
      readToClose(s);
      s.close();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("all closed well before the read timeout")
        .isLessThan(Duration.ofSeconds(10));
    assertThat(h.getJson("/tickets").getInteger("_status")).isEqualTo(200);
  }

  @Test
  void aClientTricklingItsRequestHeadIsCutOffAtTheRequestTimeout() throws Exception {
    h = GatewayHarness.start(c -> c.put("http", c.getJsonObject("http").put("requestTimeoutSeconds", 2)));
    byte[] head = ("GET /tickets HTTP/1.1\r\nHost: x\r\nX-Slow: " + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);
    long start = System.nanoTime();
    boolean cut = false;
    try (Socket s = connect()) {
      // one byte every 200 ms keeps the idle timeout (30 s) from ever firing
      for (int i = 0; i < head.length && !cut; i++) {
        try {
          s.getOutputStream().write(head[i]);
          s.getOutputStream().flush();
        } catch (IOException closed) {
          cut = true;
        }
        Thread.sleep(200);
      }
    }
    assertThat(cut).as("the server closed the connection").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndTheLimitFreesUp() throws Exception {
    h = GatewayHarness.start(c -> c.put("http", c.getJsonObject("http").put("maxConnections", 5)));
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Socket s = connect();
      assertThat(request(s)).startsWith("HTTP/1.1 200");
      held.add(s);
    }
    try (Socket extra = connect()) {
      String answer;
      try {
        answer = request(extra);
      } catch (IOException reset) {
        answer = "";
      }
      assertThat(answer).as("the sixth connection gets no answer").isEmpty();
    }
    held.remove(0).close();
    GatewayHarness.await("a freed connection slot", Duration.ofSeconds(10), () -> {
      try (Socket again = connect()) {
        return request(again).startsWith("HTTP/1.1 200");
      } catch (IOException e) {
        return false;
      }
    });
    for (Socket s : held) {
      s.close();
    }
    JsonObject tickets = h.getJson("/tickets");
    assertThat(tickets.getInteger("_status")).isEqualTo(200);
  }
}
