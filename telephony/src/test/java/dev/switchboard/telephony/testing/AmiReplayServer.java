package dev.switchboard.telephony.testing;

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
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server on 127.0.0.1 that speaks enough AMI for Asterisk-Java's real {@code ManagerConnection}: the banner,
 * Challenge/Login (MD5 or plain secret; a wrong one gets {@code Authentication failed} and the socket closed, as
 * Asterisk does), CoreSettings, Ping, Command, Events and Logoff, then the event blocks of one or more transcripts from
 * {@code ami/}, byte for byte.
 *
 * <p>Replay starts when the client has finished logging in (its CoreSettings version probe is answered) and resumes
 * after a reconnect where it stopped, so a dropped connection loses no frame. For reconnect tests it can drop the
 * connection after N frames; for robustness tests it can inject a garbled frame.
 *
 * <pre>{@code
 * try (AmiReplayServer pbx = AmiReplayServer.builder().transcripts("answered").build().start()) {
 *   ManagerConnection c = new ManagerConnectionFactory("127.0.0.1", pbx.port(), "gateway", "secret")
 *       .createManagerConnection();
 * }
 * }</pre>
 */
public final class AmiReplayServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AmiReplayServer.class);

  /** A frame no AMI peer would send: a key without colon, control bytes, no channel ids. */
  public static final String GARBLED_FRAME =
      "Event: Hangup\r\nPrivilege: call,all\r\nChannel PJSIP/garbled\r\n\u0007\u001b[2J%%\r\nCause: x\r\n\r\n";

  /** A frame's ActionID, to echo it in the response; Asterisk-Java routes responses by it. */
  private static final Pattern ACTION_ID = Pattern.compile("ActionID", Pattern.CASE_INSENSITIVE);

  private final String username;
  private final String secret;
  private final List<String> frames;
  private final Duration eventDelay;
  private final int dropAfterFrames;
  private final int replayFromConnection;
  private final String banner;
  private final List<String> afterLogin;
  private final Map<String, String> coreSettings;

  private final AtomicInteger nextFrame = new AtomicInteger();
  private final AtomicBoolean dropped = new AtomicBoolean();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> actions = new CopyOnWriteArrayList<>();
  private final List<Socket> clients = new CopyOnWriteArrayList<>();
  private final CountDownLatch replayed = new CountDownLatch(1);
  private ServerSocket server;
  private Thread acceptor;

  private AmiReplayServer(Builder b) {
    this.username = b.username;
    this.secret = b.secret;
    this.eventDelay = b.eventDelay;
    this.dropAfterFrames = b.dropAfterFrames;
    this.replayFromConnection = b.replayFromConnection;
    List<String> all = new ArrayList<>();
    for (String name : b.transcripts) {
      for (AmiTranscript.Block block : AmiTranscript.load(name).blocks()) {
        if (block.get("Event") != null) {
          all.add(block.raw());
        }
      }
    }
    if (b.garbledAfterFrames >= 0) {
      all.add(Math.min(b.garbledAfterFrames, all.size()), GARBLED_FRAME);
    }
    this.frames = List.copyOf(all);
    AmiTranscript connect = AmiTranscript.load("_connect");
    this.banner = connect.blocks().get(0).raw().lines().findFirst().orElseThrow();
    List<String> events = new ArrayList<>();
    for (AmiTranscript.Block block : connect.blocks()) {
      if (block.get("Event") != null) {
        events.add(block.raw());
      }
    }
    this.afterLogin = List.copyOf(events);
    this.coreSettings = coreSettings();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** What to replay and how. Defaults: user {@code gateway}, secret {@code s3cret}, no delay, no drop, no garbage. */
  public static final class Builder {
    private String username = "gateway";
    private String secret = "s3cret";
    private List<String> transcripts = List.of();
    private Duration eventDelay = Duration.ZERO;
    private int dropAfterFrames = -1;
    private int replayFromConnection = 1;
    private int garbledAfterFrames = -1;

    public Builder credentials(String username, String secret) {
      this.username = Objects.requireNonNull(username, "username");
      this.secret = Objects.requireNonNull(secret, "secret");
      return this;
    }

    /** Transcript names under {@code ami/} (without {@code .ami}), replayed one after the other. */
    public Builder transcripts(String... names) {
      this.transcripts = List.of(names);
      return this;
    }

    public Builder eventDelay(Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("eventDelay must not be negative, was " + delay);
      }
      this.eventDelay = delay;
      return this;
    }

    /** Closes the first connection abruptly after this many event frames; the next connection resumes the replay. */
    public Builder dropConnectionAfter(int frames) {
      if (frames < 0) {
        throw new IllegalArgumentException("dropConnectionAfter must be >= 0, was " + frames);
      }
      this.dropAfterFrames = frames;
      return this;
    }

    /**
     * Replays nothing to the connections before the {@code n}th (they stay logged in, as to an idle PBX), so a fleet
     * test can have the calls arrive at the instance that took the PBX over.
     */
    public Builder replayFromConnection(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("replayFromConnection must be >= 1, was " + n);
      }
      this.replayFromConnection = n;
      return this;
    }

    /** Sends {@link #GARBLED_FRAME} after this many event frames. */
    public Builder garbledFrameAfter(int frames) {
      if (frames < 0) {
        throw new IllegalArgumentException("garbledFrameAfter must be >= 0, was " + frames);
      }
      this.garbledAfterFrames = frames;
      return this;
    }

    public AmiReplayServer build() {
      return new AmiReplayServer(this);
    }
  }

  /** Binds an ephemeral port on 127.0.0.1 and starts accepting. */
  public AmiReplayServer start() throws IOException {
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "ami-replay-accept-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  public String host() {
    return server.getInetAddress().getHostAddress();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Event frames to be replayed, including an injected garbled one. */
  public int frameCount() {
    return frames.size();
  }

  /** Waits until every frame has been written to a client. */
  public boolean awaitReplayed(Duration timeout) throws InterruptedException {
    return replayed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Connections accepted so far (2 after one reconnect). */
  public int connectionCount() {
    return connections.get();
  }

  /** Names of the actions clients sent, in order ({@code Challenge}, {@code Login}, {@code CoreSettings}, ...). */
  public List<String> actions() {
    return Collections.unmodifiableList(actions);
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      log.debug("replay server close failed port={}", port(), e);
    }
    for (Socket client : clients) {
      closeQuietly(client);
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        int number = connections.incrementAndGet();
        clients.add(client);
        Thread session = new Thread(() -> serve(client, number), "ami-replay-session-" + number);
        session.setDaemon(true);
        session.start();
      } catch (IOException e) {
        if (!server.isClosed()) {
          log.warn("replay server accept failed port={}", port(), e);
        }
      }
    }
  }

  /** One client: banner, then answer actions until it leaves; replay runs on its own thread once logged in. */
  private void serve(Socket client, int number) {
    try (client) {
      OutputStream out = client.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      write(out, banner + "\r\n");
      String challenge = null;
      boolean loggedIn = false;
      boolean replaying = false;
      Map<String, String> action;
      while ((action = readFrame(in)) != null) {
        String name = action.getOrDefault("action", "");
        actions.add(name);
        String id = action.get("actionid");
        switch (name.toLowerCase(Locale.ROOT)) {
          case "challenge" -> {
            // Asterisk sends a random number; a fixed one per connection keeps runs reproducible
            challenge = String.valueOf(471_100_000 + connections.get());
            write(out, response(id, "Success", null, Map.of("Challenge", challenge)));
          }
          case "login" -> {
            if (!authenticated(action, challenge)) {
              write(out, response(id, "Error", "Authentication failed", Map.of()));
              // Asterisk ends the session after a failed login
              return;
            }
            loggedIn = true;
            write(out, response(id, "Success", "Authentication accepted", Map.of()));
            for (String frame : afterLogin) {
              write(out, frame);
            }
          }
          case "coresettings" -> {
            write(out, response(id, "Success", null, coreSettings));
            if (loggedIn && !replaying && number >= replayFromConnection) {
              replaying = true;
              startReplay(client, out);
            }
          }
          case "ping" -> write(out, response(id, "Success", null, Map.of("Ping", "Pong", "Timestamp",
              String.format(Locale.ROOT, "%.6f", System.currentTimeMillis() / 1000.0))));
          case "events" -> write(out, response(id, "Success", null, Map.of("Events", "On")));
          case "command" -> write(out, response(id, "Success", "Command output follows",
              Map.of("Output", "Asterisk " + coreSettings.get("AsteriskVersion") + " built by replay")));
          case "logoff" -> {
            write(out, response(id, "Goodbye", "Thanks for all the fish.", Map.of()));
            return;
          }
          default -> write(out, response(id, "Error", "Invalid/unknown command: " + name, Map.of()));
        }
      }
    } catch (SocketException e) {
      log.debug("replay session closed port={} reason={}", port(), e.getMessage());
    } catch (IOException e) {
      log.warn("replay session failed port={}", port(), e);
    }
  }

  private boolean authenticated(Map<String, String> login, String challenge) {
    if (!username.equals(login.get("username"))) {
      return false;
    }
    if ("md5".equalsIgnoreCase(login.get("authtype"))) {
      return challenge != null && md5Hex(challenge + secret).equalsIgnoreCase(login.getOrDefault("key", ""));
    }
    return secret.equals(login.get("secret"));
  }

  private void startReplay(Socket client, OutputStream out) {
    Thread replay = new Thread(() -> replay(client, out), "ami-replay-events-" + connections.get());
    replay.setDaemon(true);
    replay.start();
  }

  private void replay(Socket client, OutputStream out) {
    try {
      int i;
      while ((i = nextFrame.get()) < frames.size()) {
        if (dropAfterFrames >= 0 && i == dropAfterFrames && dropped.compareAndSet(false, true)) {
          log.info("replay dropping connection port={} afterFrames={}", port(), i);
          client.close();
          return;
        }
        write(out, frames.get(i));
        nextFrame.incrementAndGet();
        if (!eventDelay.isZero()) {
          Thread.sleep(eventDelay.toMillis());
        }
      }
      replayed.countDown();
    } catch (IOException e) {
      log.debug("replay interrupted port={} reason={}", port(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads one frame of {@code Key: Value} lines up to a blank line; keys lower-cased. Null at end of stream. */
  private static Map<String, String> readFrame(BufferedReader in) throws IOException {
    Map<String, String> frame = new LinkedHashMap<>();
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
        frame.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
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
    fields.forEach((k, v) -> {
      if (!ACTION_ID.matcher(k).matches() && !k.equals("Response")) {
        frame.append(k).append(": ").append(v).append("\r\n");
      }
    });
    return frame.append("\r\n").toString();
  }

  /** Frames from the session and replay threads must not interleave. */
  private static void write(OutputStream out, String frame) throws IOException {
    synchronized (out) {
      out.write(frame.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  /** The CoreSettings response recorded from the real PBX ({@code ami/_meta.json}), in order. */
  private static Map<String, String> coreSettings() {
    String json;
    try (InputStream in = AmiReplayServer.class.getResourceAsStream("/ami/_meta.json")) {
      json = new String(Objects.requireNonNull(in, "ami/_meta.json").readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int start = json.indexOf('{', json.indexOf("\"CoreSettings\""));
    int end = json.indexOf('}', start);
    Map<String, String> fields = new LinkedHashMap<>();
    // flat string-to-string object: a regex is enough and keeps the test-jar free of a JSON library
    Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"").matcher(json.substring(start, end));
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    return fields;
  }

  private static String md5Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      log.debug("client close failed reason={}", e.getMessage());
    }
  }
}
