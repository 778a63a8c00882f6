package dev.switchboard.gateway.oauth;

import dev.switchboard.gateway.config.OAuth2Options;
import dev.switchboard.gateway.oauth.OAuth2Exception.Reason;
import dev.switchboard.gateway.oauth.internal.DevicePolls;
import dev.switchboard.gateway.oauth.internal.FormPost;
import dev.switchboard.gateway.oauth.internal.TokenResponses;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth2 device authorisation grant (RFC 8628), for getting a refresh token on a server without a browser: ask
 * for a code, show it, poll the token endpoint until the person has signed in elsewhere. Blocking, for the CLI.
 */
public final class DeviceAuthorization {
  static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";
  private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** Waits between polls; tests pass one that moves a clock instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final String mailbox;
  private final OAuth2Options options;
  private final Clock clock;
  private final Sleeper sleeper;
  private final FormPost endpoint = new FormPost(Duration.ofSeconds(20));

  public DeviceAuthorization(String mailbox, OAuth2Options options, Clock clock, Sleeper sleeper) {
    if (options.deviceEndpoint() == null) {
      throw new OAuth2Exception(Reason.APP_REGISTRATION, "mailbox " + mailbox
          + ": no device authorisation endpoint; set oauth2.deviceEndpoint (provider generic)", null);
    }
    this.mailbox = mailbox;
    this.options = options;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** Asks for a user code to show. */
  public DeviceCode start() {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("client_id", options.clientId());
    form.put("scope", options.scope());
    FormPost.Answer a = endpoint.post(mailbox, options.deviceEndpoint(), form);
    JsonObject json = a.status() / 100 == 2 ? parse(a.body()) : null;
    if (json == null || !(json.getValue("device_code") instanceof String device)
        || !(json.getValue("user_code") instanceof String user)) {
      throw TokenResponses.classify(mailbox, a.status(), parse(a.body()));
    }
    // Google calls it verification_url
    String uri = json.getString("verification_uri", json.getString("verification_url", ""));
    long expiresIn = json.getValue("expires_in") instanceof Number n ? n.longValue() : 900;
    Duration interval = json.getValue("interval") instanceof Number n && n.longValue() > 0
        ? Duration.ofSeconds(n.longValue()) : DEFAULT_INTERVAL;
    return new DeviceCode(device, user, uri, clock.instant().plusSeconds(expiresIn), interval,
        json.getString("message"));
  }

  /** Polls until the person signed in; returns the tokens, whose refresh token is what the config needs. */
  public AccessToken await(DeviceCode code) throws InterruptedException {
    Duration interval = code.interval();
    while (true) {
      sleeper.sleep(interval);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", GRANT);
      form.put("device_code", code.deviceCode());
      form.put("client_id", options.clientId());
      // Microsoft treats device-code clients as public and refuses a secret; Google requires one
      if (options.provider() != OAuth2Options.Provider.MICROSOFT) {
        form.put("client_secret", options.clientSecret());
      }
      FormPost.Answer a = endpoint.post(mailbox, options.tokenEndpoint(), form);
      Instant now = clock.instant();
      if (a.status() / 100 == 2) {
        AccessToken token = TokenResponses.parse(mailbox, a.status(), a.body(), now);
        if (token.refreshToken() == null) {
          throw new OAuth2Exception(Reason.APP_REGISTRATION, "mailbox " + mailbox
              + ": signed in, but no refresh token came back; add offline_access to oauth2.scope (Microsoft)", null);
        }
        return token;
      }
      JsonObject json = parse(a.body());
      String error = json == null ? null : json.getString("error");
      DevicePolls.Step step = DevicePolls.next(error, interval, now, code.expiresAt());
      if (step instanceof DevicePolls.Fail f) {
        if (error != null && !error.equals("authorization_pending") && !error.equals("slow_down")
            && !error.equals("access_denied") && !error.equals("expired_token")) {
          throw TokenResponses.classify(mailbox, a.status(), json);
        }
        throw new OAuth2Exception(Reason.REAUTHORISE, "mailbox " + mailbox + ": " + f.message(), null);
      }
      interval = ((DevicePolls.Wait) step).interval();
    }
  }

  private static JsonObject parse(String body) {
    try {
      return body == null || body.isBlank() ? null : new JsonObject(body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
