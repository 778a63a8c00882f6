package dev.switchboard.gateway.oauth;

import dev.switchboard.gateway.config.OAuth2Options;
import dev.switchboard.gateway.oauth.internal.FormPost;
import dev.switchboard.gateway.oauth.internal.TokenResponses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access tokens of one mail connection: fetched from the token endpoint, cached, and fetched anew shortly before
 * they expire or when the mail server rejected the cached one. Blocking and thread-safe: call it from the worker
 * thread that does the IMAP or SMTP work, never from an event loop. After a failure the endpoint is not asked again
 * before a backoff (1 s doubling to 60 s) has passed; callers get the same failure meanwhile.
 */
public final class TokenProvider {
  private static final Logger log = LoggerFactory.getLogger(TokenProvider.class);
  static final Duration SKEW = Duration.ofSeconds(60);
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

  private final String mailbox;
  private final OAuth2Options options;
  private final FormPost endpoint;
  private final Clock clock;
  private String refreshToken;
  private AccessToken cached;
  private OAuth2Exception lastFailure;
  private Instant retryAfter = Instant.MIN;
  private Duration backoff = Duration.ZERO;

  public TokenProvider(String mailbox, OAuth2Options options, Clock clock) {
    this.mailbox = mailbox;
    this.options = options;
    this.clock = clock;
    this.endpoint = new FormPost(TIMEOUT);
    this.refreshToken = options.refreshToken();
  }

  /** A token good for at least a little while. Throws {@link OAuth2Exception} when none can be had. */
  public synchronized String accessToken() {
    Instant now = clock.instant();
    if (cached != null && !cached.needsRefresh(now, SKEW)) {
      return cached.value();
    }
    if (lastFailure != null && now.isBefore(retryAfter)) {
      throw lastFailure;
    }
    try {
      AccessToken token = fetch(now);
      if (token.refreshToken() != null) {
        // providers that rotate refresh tokens (Microsoft) keep the old one valid a while; the newest is the safest
        refreshToken = token.refreshToken();
      }
      cached = token;
      if (lastFailure != null) {
        log.info("oauth token recovered mailbox={}", mailbox);
      }
      lastFailure = null;
      backoff = Duration.ZERO;
      log.debug("oauth token fetched mailbox={} expiresAt={}", mailbox, token.expiresAt());
      return token.value();
    } catch (OAuth2Exception e) {
      cached = null;
      lastFailure = e;
      backoff = nextBackoff(backoff);
      retryAfter = now.plus(backoff);
      throw e;
    }
  }

  /** The mail server refused this token: forget it, so the next {@link #accessToken()} fetches a new one. */
  public synchronized void invalidate(String token) {
    if (cached != null && cached.value().equals(token)) {
      cached = null;
    }
  }

  static Duration nextBackoff(Duration previous) {
    if (previous.isZero()) {
      return FIRST_BACKOFF;
    }
    Duration doubled = previous.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  private AccessToken fetch(Instant now) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", options.clientId());
    form.put("client_secret", options.clientSecret());
    if (options.grant() == OAuth2Options.Grant.CLIENT_CREDENTIALS) {
      form.put("grant_type", "client_credentials");
    } else {
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", refreshToken);
    }
    form.put("scope", options.scope());
    FormPost.Answer answer = endpoint.post(mailbox, options.tokenEndpoint(), form);
    return TokenResponses.parse(mailbox, answer.status(), answer.body(), now);
  }
}
