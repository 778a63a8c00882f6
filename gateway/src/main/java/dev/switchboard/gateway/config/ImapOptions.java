package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonObject;

/**
 * The IMAP side of a mailbox.
 *
 * @param idle use IMAP IDLE when the server offers it, so new mail is seen within about a second
 * @param pollIntervalSeconds how often to look for new mail without IDLE (and as a safety net with it)
 * @param fetchBatchSize at most this many messages are fetched per round trip
 * @param largeMessageBytes a message larger than this (by its RFC822.SIZE) is fetched alone, in parts, into a
 *     temporary file and stored in chunks, so that it is never whole in the heap
 * @param auth password or OAuth2 (SASL XOAUTH2); with OAuth2 the user name defaults to the mailbox address
 * @param oauth2 where the access tokens come from; null unless {@code auth} is oauth2
 */
public record ImapOptions(
    String host,
    int port,
    TransportSecurity security,
    String username,
    String password,
    String folder,
    boolean idle,
    int pollIntervalSeconds,
    int fetchBatchSize,
    long largeMessageBytes,
    String trust,
    MailAuth auth,
    OAuth2Options oauth2) {

  /** Large enough for nearly every mail to go the fast way, small enough that four at once fit a small heap. */
  public static final long DEFAULT_LARGE_MESSAGE_BYTES = 8L * 1024 * 1024;

  public ImapOptions {
    if (largeMessageBytes < 1) {
      throw new IllegalArgumentException("largeMessageBytes must be >= 1, was " + largeMessageBytes);
    }
    if ((auth == MailAuth.OAUTH2) != (oauth2 != null)) {
      throw new IllegalArgumentException("oauth2 options are given exactly when auth is oauth2");
    }
  }

  static ImapOptions from(ConfigNode n, String mailboxAddress) {
    TransportSecurity security = TransportSecurity.parse(n.oneOf("security", "tls", TransportSecurity.NAMES));
    MailAuth auth = MailAuth.parse(n.oneOf("auth", "password", MailAuth.NAMES));
    OAuth2Options oauth2 = MailAuthReader.oauth2(n, auth);
    ImapOptions o =
        new ImapOptions(
            n.requiredString("host"),
            n.integer("port", security == TransportSecurity.TLS ? 993 : 143, 1, 65535),
            security,
            auth == MailAuth.OAUTH2 ? n.string("username", mailboxAddress) : n.requiredString("username"),
            MailAuthReader.password(n, auth),
            n.string("folder", "INBOX"),
            n.bool("idle", true),
            n.integer("pollIntervalSeconds", 30, 1, 86_400),
            n.integer("fetchBatchSize", 500, 1, 10_000),
            LimitsOptions.bytes(n, "largeMessageBytes", DEFAULT_LARGE_MESSAGE_BYTES, 64 * 1024, Integer.MAX_VALUE),
            n.string("trust", null),
            auth,
            oauth2);
    n.finish();
    return o;
  }

  @Override
  public String toString() {
    return Redaction.toString(this);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("host", host)
        .put("port", port)
        .put("security", security.wireName())
        .put("username", username)
        .put("password", password)
        .put("folder", folder)
        .put("idle", idle)
        .put("pollIntervalSeconds", pollIntervalSeconds)
        .put("fetchBatchSize", fetchBatchSize)
        .put("largeMessageBytes", largeMessageBytes)
        .put("trust", trust)
        .put("auth", auth.wireName())
        .put("oauth2", oauth2 == null ? null : oauth2.toJson());
  }
}
