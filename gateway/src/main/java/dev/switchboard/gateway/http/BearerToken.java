package dev.switchboard.gateway.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * API tokens: 256 random bits, shown once; the database keeps only their SHA-256. A fast hash is enough here (unlike
 * for passwords) because nobody can guess a 256-bit value, so there is nothing to slow down.
 */
public final class BearerToken {
  private static final String PREFIX = "sbt_";
  private static final int RANDOM_BYTES = 32;
  // RFC 6750 b64token, bounded: a longer header is not one of ours and is not worth hashing
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]{1,200}=*");
  private static final SecureRandom RANDOM = new SecureRandom();

  private BearerToken() {}

  /** A new token: {@code sbt_} and 43 URL-safe characters. */
  public static String generate() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What the database stores and looks up. */
  public static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The token of an {@code Authorization: Bearer <token>} header, or null when the header is missing or is not a
   * bearer token.
   */
  public static String fromAuthorization(String header) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    String token = h.substring(7).strip();
    return B64TOKEN.matcher(token).matches() ? token : null;
  }
}
