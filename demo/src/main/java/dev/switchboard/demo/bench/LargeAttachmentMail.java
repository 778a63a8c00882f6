package dev.switchboard.demo.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Writes a mail with one large pseudo-random attachment (base64, as every client sends it), a chunk at a time, so the
 * writer itself never holds the attachment. The same seed gives the same bytes.
 *
 * @param attachmentBytes decoded size of the attachment
 */
public record LargeAttachmentMail(String messageId, String filename, long attachmentBytes, long seed) {
  private static final int PIECE = 57 * 1024; // a multiple of 57 bytes: whole 76-character base64 lines

  /** Writes the RFC 5322 message and returns the hex SHA-256 of the attachment's decoded bytes. */
  public String writeTo(OutputStream out) throws IOException {
    String boundary = "=_bench_" + seed;
    String head = "From: Jane Doe <jane@example.org>\r\n"
        + "To: support@example.com\r\n"
        + "Subject: Logs from the file server\r\n"
        + "Message-ID: <" + messageId + ">\r\n"
        + "Date: Wed, 25 Nov 2026 10:00:00 +0000\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n"
        + "\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "\r\n"
        + "The logs are attached.\r\n"
        + "--" + boundary + "\r\n"
        + "Content-Type: application/octet-stream; name=\"" + filename + "\"\r\n"
        + "Content-Disposition: attachment; filename=\"" + filename + "\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n"
        + "\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    MessageDigest digest = sha256();
    Base64.Encoder encoder = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});
    SplittableRandom random = new SplittableRandom(seed);
    byte[] piece = new byte[PIECE];
    for (long left = attachmentBytes; left > 0; ) {
      int n = (int) Math.min(PIECE, left);
      for (int i = 0; i < n; i++) {
        piece[i] = (byte) random.nextInt(256);
      }
      byte[] exact = n == PIECE ? piece : java.util.Arrays.copyOf(piece, n);
      digest.update(exact);
      out.write(encoder.encode(exact));
      out.write('\r');
      out.write('\n');
      left -= n;
    }
    out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
