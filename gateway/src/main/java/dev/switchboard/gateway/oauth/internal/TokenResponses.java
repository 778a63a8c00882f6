package dev.switchboard.gateway.oauth.internal;

import dev.switchboard.gateway.oauth.AccessToken;
import dev.switchboard.gateway.oauth.OAuth2Exception;
import dev.switchboard.gateway.oauth.OAuth2Exception.Reason;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads token-endpoint answers (RFC 6749 §5): a token, or an error turned into a reason a person can act on. */
public final class TokenResponses {
  /** Used when the provider does not say how long a token lives (RFC 6749 makes expires_in optional). */
  static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;
  private static final Pattern AADSTS = Pattern.compile("AADSTS\\d+");

  private TokenResponses() {}

  /** The token in a 2xx answer, or the classified failure for any other. */
  public static AccessToken parse(String mailbox, int status, String body, Instant now) {
    JsonObject json = json(body);
    if (status / 100 == 2 && json != null && json.getValue("access_token") instanceof String token && !token.isEmpty()) {
      long expiresIn = seconds(json.getValue("expires_in"));
      Object refresh = json.getValue("refresh_token");
      return new AccessToken(
          token, now, now.plusSeconds(expiresIn), refresh instanceof String r && !r.isEmpty() ? r : null);
    }
    throw classify(mailbox, status, json);
  }

  /** The reason behind an error answer. A retry only helps when the provider itself is in trouble. */
  public static OAuth2Exception classify(String mailbox, int status, JsonObject json) {
    String error = json == null || !(json.getValue("error") instanceof String e) ? "" : e;
    String description = json == null || !(json.getValue("error_description") instanceof String d) ? "" : d;
    Matcher m = AADSTS.matcher(description);
    String aadsts = m.find() ? m.group() : null;
    String code = error.isEmpty() ? "HTTP " + status : error + (aadsts == null ? "" : " " + aadsts);

    if ("AADSTS65001".equals(aadsts) || "consent_required".equals(error)) {
      return new OAuth2Exception(Reason.CONSENT,
          "mailbox " + mailbox + ": the app has no consent for this permission yet; an administrator must grant it: "
              + code, null);
    }
    if ("AADSTS7000222".equals(aadsts)) {
      return new OAuth2Exception(Reason.CLIENT_CREDENTIALS,
          "mailbox " + mailbox + ": the client secret has expired; create a new one and set oauth2.clientSecret: "
              + code, null);
    }
    return switch (error) {
      case "invalid_grant" -> new OAuth2Exception(Reason.REAUTHORISE,
          "re-authorise mailbox " + mailbox + ": the refresh token was rejected: " + code, null);
      case "invalid_client" -> new OAuth2Exception(Reason.CLIENT_CREDENTIALS,
          "mailbox " + mailbox + ": wrong client id or client secret (oauth2.clientId, oauth2.clientSecret): " + code,
          null);
      case "unauthorized_client", "unsupported_grant_type", "invalid_scope" -> new OAuth2Exception(
          Reason.APP_REGISTRATION,
          "mailbox " + mailbox + ": the app registration does not allow this grant or scope (oauth2.grant, "
              + "oauth2.scope): " + code, null);
      case "temporarily_unavailable", "server_error", "slow_down" -> unavailable(mailbox, code);
      default -> status >= 500 || status == 429 || status == 408
          ? unavailable(mailbox, code)
          : new OAuth2Exception(Reason.REJECTED, "mailbox " + mailbox + ": the token endpoint refused: " + code, null);
    };
  }

  private static OAuth2Exception unavailable(String mailbox, String code) {
    return new OAuth2Exception(
        Reason.UNAVAILABLE, "mailbox " + mailbox + ": the token endpoint is unavailable: " + code, null);
  }

  static JsonObject json(String body) {
    try {
      return body == null || body.isBlank() ? null : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static long seconds(Object v) {
    if (v instanceof Number n && n.longValue() > 0) {
      return n.longValue();
    }
    if (v instanceof String s) {
      try {
        long parsed = Long.parseLong(s.strip());
        return parsed > 0 ? parsed : DEFAULT_EXPIRES_IN_SECONDS;
      } catch (NumberFormatException e) {
        return DEFAULT_EXPIRES_IN_SECONDS;
      }
    }
    return DEFAULT_EXPIRES_IN_SECONDS;
  }
}
