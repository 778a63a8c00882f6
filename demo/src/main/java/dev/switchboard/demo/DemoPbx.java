package dev.switchboard.demo;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.store.ContactRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's phone system: an Asterisk Manager Interface server on loopback that the gateway logs in to like to a
 * real Asterisk, then replays the calls recorded from Asterisk 22 ({@code demo/ami/}, see its README), one every
 * {@code callEvery}, round after round. Each replay moves the events' {@code Timestamp} to the present, keeping the
 * real gaps between events (up to a maximum pause), and gives the call fresh Uniqueid/Linkedid values,
 * so every round is a new call.
 *
 * <p>It speaks just enough AMI for Asterisk-Java: banner, Challenge and Login (MD5 or plain secret), CoreSettings,
 * Ping, Events, Command and Logoff.
 */
public final class DemoPbx implements AutoCloseable {
  public static final String USERNAME = "switchboard";
  public static final String SECRET = "demo";
  public static final String NAME = "demo-pbx";
  /** In play order: the first call is Jane's, who also mailed the desk, so it lands on her ticket. */
  public static final List<String> TRANSCRIPTS = List.of(
      "answered", "missed-noanswer", "voicemail-noanswer", "queue-answered", "abandoned-ringing", "busy",
      "queue-abandoned", "internal-call", "transfer-blind", "answered-agent-hangup", "unavailable");
  /** Jane Doe of {@link DemoMailServer#REQUESTER_ADDRESS} is the caller of the {@code answered} recording. */
  public static final String JANE_PHONE = "+14155550123";

  private static final Logger log = LoggerFactory.getLogger(DemoPbx.class);
  private static final String BANNER = "Asterisk Call Manager/11.0.0";
  private static final Pattern ID = Pattern.compile("\\d+\\.\\d+");
  private static final String[][] AGENTS = {{"2001", "Alice Agent"}, {"2002", "Bob Agent"}, {"2003", "Carol Agent"},
      {"2004", "Dave Agent"}, {"2005", "Erin Agent"}, {"2006", "Frank Agent"}};

  private final int port;
  private final Duration callEvery;
  private final Duration firstCallAfter;
  private final Duration maxGap;
  private final List<List<String>> calls;
  private final AtomicLong ids = new AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private volatile boolean closed;

  /**
   * @param port the AMI port on 127.0.0.1 (0 for any free one)
   * @param firstCallAfter pause before the first call of a session, so the demo's sample mail is a ticket by then
   * @param maxGap the longest pause between two events of a call (the recorded gap when shorter); the events' time
   *     stamps keep the recorded gaps whatever the pace, so ring and talk times stay true
   */
  public DemoPbx(int port, Duration callEvery, Duration firstCallAfter, Duration maxGap) {
    this.port = port;
    this.callEvery = Objects.requireNonNull(callEvery, "callEvery");
    this.firstCallAfter = Objects.requireNonNull(firstCallAfter, "firstCallAfter");
    this.maxGap = Objects.requireNonNull(maxGap, "maxGap");
    List<List<String>> loaded = new ArrayList<>();
    for (String name : TRANSCRIPTS) {
      loaded.add(load(name));
    }
    this.calls = List.copyOf(loaded);
  }

  public DemoPbx start() {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw SwitchboardException.permanent("demo phone system could not listen on 127.0.0.1:" + port + ": " + e.getMessage()
          + "; choose another port with --ami-port", e);
    }
    daemon("demo-pbx-accept", this::acceptLoop).start();
    log.info("demo pbx listening port={} calls={}", port(), calls.size());
    return this;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The demo configuration with this phone system under {@code telephony}. */
  public SwitchboardConfig config(int httpPort, int smtpPort, int imapPort, String dataDirectory) {
    JsonObject json = DemoConfig.json(httpPort, smtpPort, imapPort, dataDirectory).put("telephony", telephony());
    SwitchboardConfig parsed = SwitchboardConfig.fromJson(json, Map.of());
    return dataDirectory != null ? parsed : parsed.withDatabase(parsed.database().withTemporaryEmbedded());
  }

  /** The {@code telephony} configuration section for this phone system. */
  public JsonObject telephony() {
    JsonArray agents = new JsonArray();
    for (String[] a : AGENTS) {
      agents.add(new JsonObject().put("extension", a[0]).put("name", a[1]));
    }
    return new JsonObject()
        .put("defaultRegion", "US")
        .put("tickets", new JsonObject().put("mailbox", "support"))
        .put("pbxs", new JsonArray().add(new JsonObject()
            .put("name", NAME)
            .put("host", "127.0.0.1")
            .put("port", port())
            .put("username", USERNAME)
            .put("secret", SECRET)
            .put("dids", new JsonArray().add("18005550100").add("18005550200"))
            .put("agents", agents)));
  }

  /** Gives Jane her phone number, as a coordinator would through {@code POST /contacts/{email}/phones}. */
  public static Future<Void> registerJane(Pool pool) {
    ContactRepository contacts = new ContactRepository(pool);
    return contacts.findOrCreateByEmail(DemoMailServer.REQUESTER_ADDRESS, "Jane Doe")
        .compose(c -> contacts.addPhone(c.id(), JANE_PHONE));
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      log.debug("demo pbx close failed error={}", e.toString());
    }
    for (Socket c : clients) {
      closeQuietly(c);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        clients.add(client);
        daemon("demo-pbx-session", () -> serve(client)).start();
      } catch (IOException e) {
        if (!closed) {
          log.warn("demo pbx accept failed error={}", e.toString());
        }
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      OutputStream out = client.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      write(out, BANNER + "\r\n");
      String challenge = null;
      boolean loggedIn = false;
      Thread replay = null;
      Map<String, String> action;
      while ((action = readFrame(in)) != null) {
        String name = action.getOrDefault("action", "").toLowerCase(Locale.ROOT);
        String id = action.get("actionid");
        switch (name) {
          case "challenge" -> {
            challenge = Long.toString(100_000_000L + random.nextInt(900_000_000));
            write(out, response(id, "Success", null, Map.of("Challenge", challenge)));
          }
          case "login" -> {
            if (!authenticated(action, challenge)) {
              write(out, response(id, "Error", "Authentication failed", Map.of()));
              return;
            }
            loggedIn = true;
            write(out, response(id, "Success", "Authentication accepted", Map.of()));
            write(out, "Event: FullyBooted\r\nPrivilege: system,all\r\nStatus: Fully Booted\r\n\r\n");
          }
          case "coresettings" -> {
            write(out, response(id, "Success", null, Map.of("AMIversion", "11.0.0", "AsteriskVersion", "22.10.1",
                "CoreCDRenabled", "Yes")));
            if (loggedIn && replay == null) {
              replay = daemon("demo-pbx-replay", () -> replay(client, out));
              replay.start();
            }
          }
          case "ping" -> write(out, response(id, "Success", null, Map.of("Ping", "Pong")));
          case "events" -> write(out, response(id, "Success", null, Map.of("Events", "On")));
          case "command" -> write(out, response(id, "Success", "Command output follows",
              Map.of("Output", "Asterisk 22.10.1 (Switchboard demo replay)")));
          case "logoff" -> {
            write(out, response(id, "Goodbye", "Thanks for all the fish.", Map.of()));
            return;
          }
          default -> write(out, response(id, "Error", loggedIn ? "Invalid/unknown command" : "Permission denied",
              Map.of()));
        }
      }
    } catch (IOException e) {
      log.debug("demo pbx session ended reason={}", e.getMessage());
    } finally {
      clients.remove(client);
    }
  }

  private boolean authenticated(Map<String, String> login, String challenge) {
    if (!USERNAME.equals(login.get("username"))) {
      return false;
    }
    if ("md5".equalsIgnoreCase(login.get("authtype"))) {
      return challenge != null && md5Hex(challenge + SECRET).equalsIgnoreCase(login.getOrDefault("key", ""));
    }
    return SECRET.equals(login.get("secret"));
  }

  /** One call every {@code callEvery}, round after round, until the session or the server closes. */
  private void replay(Socket client, OutputStream out) {
    try {
      Thread.sleep(firstCallAfter.toMillis());
      for (int i = 0; !closed && !client.isClosed(); i = (i + 1) % calls.size()) {
        long started = System.nanoTime();
        play(calls.get(i), out);
        long left = callEvery.toMillis() - (System.nanoTime() - started) / 1_000_000;
        if (left > 0) {
          Thread.sleep(left);
        }
      }
    } catch (IOException e) {
      log.debug("demo pbx replay ended reason={}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void play(List<String> frames, OutputStream out) throws IOException, InterruptedException {
    Map<String, String> newIds = new HashMap<>();
    double first = -1;
    double previous = -1;
    double shift = 0;
    for (String frame : frames) {
      StringBuilder relived = new StringBuilder(frame.length() + 16);
      for (String line : frame.split("\r\n")) {
        int colon = line.indexOf(':');
        String key = colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = colon < 0 ? "" : line.substring(colon + 1).strip();
        if (key.equals("timestamp") && !value.isEmpty()) {
          double ts = Double.parseDouble(value);
          if (first < 0) {
            first = ts;
            shift = System.currentTimeMillis() / 1000.0 - ts;
          } else {
            long gap = (long) ((ts - previous) * 1000);
            if (gap > 0) {
              Thread.sleep(Math.min(gap, maxGap.toMillis()));
            }
          }
          previous = ts;
          line = line.substring(0, colon) + ": " + String.format(Locale.ROOT, "%.6f", ts + shift);
        } else if ((key.endsWith("uniqueid") || key.endsWith("linkedid")) && ID.matcher(value).matches()) {
          line = line.substring(0, colon) + ": " + newIds.computeIfAbsent(value, v -> freshId());
        }
        relived.append(line).append("\r\n");
      }
      write(out, relived.append("\r\n").toString());
    }
  }

  private String freshId() {
    return System.currentTimeMillis() / 1000 + "." + ids.getAndIncrement();
  }

  /** The event frames of {@code demo/ami/<name>.ami}, each without its terminating blank line. */
  private static List<String> load(String name) {
    String resource = "/demo/ami/" + name + ".ami";
    String text;
    try (InputStream in = DemoPbx.class.getResourceAsStream(resource)) {
      text = new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> frames = new ArrayList<>();
    for (String block : text.split("\r\n\r\n")) {
      if (block.startsWith("Event:")) {
        frames.add(block);
      }
    }
    return List.copyOf(frames);
  }

  private static Map<String, String> readFrame(BufferedReader in) throws IOException {
    Map<String, String> frame = new HashMap<>();
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty()) {
        if (!frame.isEmpty()) {
          return frame;
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        frame.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
    }
    return null;
  }

  private static String response(String actionId, String response, String message, Map<String, String> fields) {
    StringBuilder frame = new StringBuilder("Response: ").append(response).append("\r\n");
    if (actionId != null) {
      frame.append("ActionID: ").append(actionId).append("\r\n");
    }
    if (message != null) {
      frame.append("Message: ").append(message).append("\r\n");
    }
    fields.forEach((k, v) -> frame.append(k).append(": ").append(v).append("\r\n"));
    return frame.append("\r\n").toString();
  }

  /** Session and replay threads write to one socket: frames must not interleave. */
  private static void write(OutputStream out, String frame) throws IOException {
    synchronized (out) {
      out.write(frame.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("demo pbx client close failed reason={}", e.getMessage());
    }
  }
}
