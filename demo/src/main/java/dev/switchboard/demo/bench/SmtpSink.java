package dev.switchboard.demo.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server (RFC 5321) that accepts every mail and throws it away, counting it: the bench's relay for the
 * acknowledgments when it measures a real IMAP server. It costs next to nothing, like a relay on another machine, so
 * what the bench measures is the service (a store-everything server such as GreenMail keeps a folder per recipient and
 * finds it by a linear search, which thousands of recipients make quadratic). On 127.0.0.1, a free port, a thread per
 * connection.
 */
public final class SmtpSink implements AutoCloseable {
  // RFC 5321 4.5.3.1.6: a text line is at most 1000 octets with its CRLF; longer ones are cut, only commands are kept
  private static final int MAX_LINE = 1000;
  // RFC 5321 4.5.3.2.7: the server waits five minutes for the next command
  private static final int IDLE_MILLIS = 5 * 60 * 1000;

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "smtp-sink");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();

  private SmtpSink(ServerSocket server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1 on a free port. */
  public static SmtpSink start() throws IOException {
    SmtpSink sink = new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    sink.threads.execute(sink::acceptLoop);
    return sink;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Mails taken in so far: each DATA ended by its lone dot and answered 250. */
  public long accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        threads.execute(() -> serve(socket));
      } catch (IOException e) {
        // closed by close(), or a connection that failed before it was handed over: either way nothing to do
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(IDLE_MILLIS);
      LineReader in = new LineReader(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      reply(out, "220 localhost ESMTP bench sink");
      boolean mailFrom = false;
      int recipients = 0;
      byte[] line;
      while ((line = readLine(in)) != null) {
        // ISO-8859-1 maps every byte to a char, so an 8-bit command line cannot fail to decode
        String command = new String(line, StandardCharsets.ISO_8859_1);
        String upper = command.toUpperCase(Locale.ROOT);
        String[] words = upper.split(" ", 2);
        String verb = words[0];
        if ((verb.equals("EHLO") || verb.equals("HELO")) && (words.length < 2 || words[1].isBlank())) {
          reply(out, "501 syntax: " + verb + " <domain>");
          continue;
        }
        switch (verb) {
          case "EHLO" -> {
            mailFrom = false;
            recipients = 0;
            // SIZE 0: no fixed maximum (RFC 1870), the content is discarded anyway
            reply(out, "250-localhost\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 0");
          }
          case "HELO" -> {
            mailFrom = false;
            recipients = 0;
            reply(out, "250 localhost");
          }
          case "MAIL" -> {
            if (!upper.startsWith("MAIL FROM:")) {
              reply(out, "501 syntax: MAIL FROM:<address>");
            } else if (mailFrom) {
              reply(out, "503 nested MAIL command");
            } else {
              mailFrom = true;
              reply(out, "250 OK");
            }
          }
          case "RCPT" -> {
            if (!upper.startsWith("RCPT TO:")) {
              reply(out, "501 syntax: RCPT TO:<address>");
            } else if (!mailFrom) {
              reply(out, "503 need MAIL before RCPT");
            } else {
              recipients++;
              reply(out, "250 OK");
            }
          }
          case "DATA" -> {
            if (recipients == 0) {
              reply(out, "503 need RCPT before DATA");
            } else {
              reply(out, "354 end data with <CR><LF>.<CR><LF>");
              if (!skipData(in)) {
                return;
              }
              accepted.incrementAndGet();
              mailFrom = false;
              recipients = 0;
              reply(out, "250 OK");
            }
          }
          case "RSET" -> {
            mailFrom = false;
            recipients = 0;
            reply(out, "250 OK");
          }
          case "NOOP" -> reply(out, "250 OK");
          case "VRFY" -> reply(out, "252 cannot verify, will accept and attempt delivery");
          case "STARTTLS", "AUTH" -> reply(out, "502 command not implemented");
          case "QUIT" -> {
            reply(out, "221 bye");
            return;
          }
          default -> reply(out, "500 command unrecognized");
        }
      }
    } catch (IOException e) {
      // the client went away or fell silent: its connection ends here, the sink goes on
    } finally {
      open.remove(socket);
    }
  }

  /**
   * Reads up to the lone dot; false if the stream ended first. A dot-stuffed line ("..") is content like any other.
   * Scans byte by byte without building lines: the content is thrown away.
   */
  private static boolean skipData(LineReader in) throws IOException {
    // where the scan is: at a line's start, after a dot there, after ".\r" there, inside a line, after a CR inside one
    final int start = 0;
    final int dot = 1;
    final int dotCr = 2;
    final int inLine = 3;
    final int cr = 4;
    int state = start;
    int b;
    while ((b = in.read()) != -1) {
      state = switch (state) {
        case start -> b == '.' ? dot : b == '\r' ? cr : inLine;
        case dot -> b == '\r' ? dotCr : inLine;
        case dotCr -> {
          if (b == '\n') {
            yield -1;
          }
          yield b == '\r' ? cr : inLine;
        }
        case cr -> b == '\n' ? start : b == '\r' ? cr : inLine;
        default -> b == '\r' ? cr : inLine;
      };
      if (state == -1) {
        return true;
      }
    }
    return false;
  }

  private static void reply(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /**
   * One line without its CRLF, as bytes (the content may be 8-bit), at most {@link #MAX_LINE} of them kept; null at
   * the end of the stream. Only CRLF ends a line: a bare LF is content (RFC 5321 2.3.8).
   */
  private static byte[] readLine(LineReader in) throws IOException {
    byte[] line = new byte[MAX_LINE];
    int length = 0;
    boolean cr = false;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n' && cr) {
        return Arrays.copyOf(line, length);
      }
      if (cr && length < MAX_LINE) {
        line[length++] = '\r';
      }
      cr = b == '\r';
      if (!cr && length < MAX_LINE) {
        line[length++] = (byte) b;
      }
    }
    return null;
  }

  /**
   * A buffer over the socket without a lock per byte: {@code BufferedInputStream.read()} takes one, and the sink read
   * every mail that way, a quarter of the bench JVM's CPU samples once coordinators were told (three mails out for
   * each one in), taken from the service it measures.
   */
  private static final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    LineReader(InputStream in) {
      this.in = in;
    }

    int read() throws IOException {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
          return -1;
        }
        position = 0;
        limit = n;
      }
      return buffer[position++] & 0xFF;
    }
  }

  /** Stops listening and closes the connections still open. */
  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      socket.close();
    }
    threads.shutdownNow();
  }
}
