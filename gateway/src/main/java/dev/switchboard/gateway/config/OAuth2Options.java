package dev.switchboard.gateway.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how a mail connection gets its OAuth2 access tokens.
 *
 * @param tenantId the Microsoft Entra tenant (directory) id or domain; null for other providers
 * @param clientSecret secret of the app registration; printed as {@code ***}
 * @param refreshToken for the refresh-token grant (delegated access); printed as {@code ***}; null for the
 *     client-credentials grant
 * @param tokenEndpoint the provider's token endpoint unless overridden
 * @param deviceEndpoint the provider's device authorisation endpoint (RFC 8628), used by {@code oauth login}; null
 *     when the provider has none
 */
public record OAuth2Options(
    Provider provider,
    Grant grant,
    String tenantId,
    String clientId,
    String clientSecret,
    String refreshToken,
    String scope,
    URI tokenEndpoint,
    URI deviceEndpoint) {

  /** Who issues the tokens; decides the default endpoints and scope. */
  public enum Provider {
    MICROSOFT,
    GOOGLE,
    GENERIC;

    static final List<String> NAMES = List.of("microsoft", "google", "generic");

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The OAuth2 grant that turns our credentials into an access token. */
  public enum Grant {
    /** App-only access (Microsoft: IMAP.AccessAsApp / SMTP.SendAsApp); no refresh token. */
    CLIENT_CREDENTIALS,
    /** Delegated access with a refresh token obtained once by {@code switchboard oauth login}. */
    REFRESH_TOKEN;

    static final List<String> NAMES = List.of("client_credentials", "refresh_token");

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String MICROSOFT_APP_SCOPE = "https://outlook.office365.com/.default";
  static final String MICROSOFT_DELEGATED_SCOPE =
      "offline_access https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send";
  static final String GOOGLE_SCOPE = "https://mail.google.com/";

  public OAuth2Options {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    if (grant == Grant.CLIENT_CREDENTIALS && clientSecret == null) {
      throw new IllegalArgumentException("the client-credentials grant needs a client secret");
    }
  }

  /** Reads an {@code oauth2} section; the refresh token may be left out only for {@code oauth login}. */
  static OAuth2Options from(ConfigNode n, boolean refreshTokenRequired) {
    String providerName = n.oneOf("provider", null, Provider.NAMES);
    if (providerName == null) {
      throw new ConfigException(n.key("provider"), "is required (microsoft, google or generic)");
    }
    Provider provider = Provider.valueOf(providerName.toUpperCase(Locale.ROOT));
    Grant grant = Grant.valueOf(n.oneOf("grant", "refresh_token", Grant.NAMES).toUpperCase(Locale.ROOT));
    String tenantId = n.string("tenantId", null);
    String clientId = n.requiredString("clientId");
    String clientSecret = n.string("clientSecret", null);
    String refreshToken = n.string("refreshToken", null);
    String scope = n.string("scope", null);
    String tokenEndpoint = n.string("tokenEndpoint", null);
    String deviceEndpoint = n.string("deviceEndpoint", null);
    n.finish();

    switch (provider) {
      case MICROSOFT -> {
        if (tenantId == null) {
          throw new ConfigException(n.key("tenantId"), "is required for provider microsoft (the directory id or domain)");
        }
        String base = "https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/";
        tokenEndpoint = tokenEndpoint == null ? base + "token" : tokenEndpoint;
        deviceEndpoint = deviceEndpoint == null ? base + "devicecode" : deviceEndpoint;
        scope = scope != null ? scope : grant == Grant.CLIENT_CREDENTIALS ? MICROSOFT_APP_SCOPE : MICROSOFT_DELEGATED_SCOPE;
      }
      case GOOGLE -> {
        if (grant == Grant.CLIENT_CREDENTIALS) {
          throw new ConfigException(n.key("grant"), "provider google supports only refresh_token");
        }
        if (clientSecret == null) {
          throw new ConfigException(n.key("clientSecret"), "is required for provider google");
        }
        tokenEndpoint = tokenEndpoint == null ? "https://oauth2.googleapis.com/token" : tokenEndpoint;
        deviceEndpoint = deviceEndpoint == null ? "https://oauth2.googleapis.com/device/code" : deviceEndpoint;
        scope = scope == null ? GOOGLE_SCOPE : scope;
      }
      case GENERIC -> {
        if (tokenEndpoint == null) {
          throw new ConfigException(n.key("tokenEndpoint"), "is required for provider generic");
        }
      }
    }
    if (provider != Provider.MICROSOFT && tenantId != null) {
      throw new ConfigException(n.key("tenantId"), "is only used with provider microsoft");
    }
    if (grant == Grant.CLIENT_CREDENTIALS) {
      if (clientSecret == null) {
        throw new ConfigException(n.key("clientSecret"), "is required for grant client_credentials");
      }
      if (refreshToken != null) {
        throw new ConfigException(n.key("refreshToken"), "is not used with grant client_credentials");
      }
    } else if (refreshToken == null && refreshTokenRequired) {
      throw new ConfigException(
          n.key("refreshToken"), "is required for grant refresh_token (get one with: switchboard oauth login)");
    }
    return new OAuth2Options(
        provider, grant, tenantId, clientId, clientSecret, refreshToken, scope,
        uri(n, "tokenEndpoint", tokenEndpoint), deviceEndpoint == null ? null : uri(n, "deviceEndpoint", deviceEndpoint));
  }

  private static URI uri(ConfigNode n, String name, String value) {
    try {
      URI u = new URI(value);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
        throw new ConfigException(n.key(name), "must be an http(s) URL, was '" + value + "'");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigException(n.key(name), "must be an http(s) URL, was '" + value + "'");
    }
  }

  /**
   * The {@code imap.oauth2} section of one mailbox in a config file, for {@code oauth login}: the refresh token is
   * what that command obtains, so it is not read (an unset {@code ${VAR}} there is no error) and the rest of the file
   * is not checked.
   */
  public static OAuth2Options forLogin(Path file, Map<String, String> env, String mailbox) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
    }
    JsonObject root = SwitchboardConfig.parseYaml(text);
    JsonArray boxes = root.getValue("mailboxes") instanceof JsonArray a ? a : new JsonArray();
    for (int i = 0; i < boxes.size(); i++) {
      if (boxes.getValue(i) instanceof JsonObject box && mailbox.equals(box.getValue("name"))) {
        String key = "mailboxes[" + i + "].imap";
        JsonObject imap = box.getValue("imap") instanceof JsonObject o ? o : new JsonObject();
        if (!"oauth2".equals(String.valueOf(imap.getValue("auth")).toLowerCase(Locale.ROOT))) {
          throw new ConfigException(key + ".auth", "must be oauth2 for oauth login");
        }
        if (!(imap.getValue("oauth2") instanceof JsonObject oauth2)) {
          throw new ConfigException(key + ".oauth2", "is required when auth is oauth2");
        }
        JsonObject withoutToken = oauth2.copy();
        withoutToken.remove("refreshToken");
        return from(new ConfigNode(key + ".oauth2", withoutToken, env), false);
      }
    }
    throw new ConfigException("--mailbox", "no mailbox named '" + mailbox + "' in " + file);
  }

  /** The same options with another refresh token, e.g. one just issued by the provider in place of the old one. */
  public OAuth2Options withRefreshToken(String token) {
    return new OAuth2Options(
        provider, grant, tenantId, clientId, clientSecret, token, scope, tokenEndpoint, deviceEndpoint);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("provider", provider.wireName())
        .put("grant", grant.wireName())
        .put("tenantId", tenantId)
        .put("clientId", clientId)
        .put("clientSecret", clientSecret)
        .put("refreshToken", refreshToken)
        .put("scope", scope)
        .put("tokenEndpoint", tokenEndpoint.toString())
        .put("deviceEndpoint", deviceEndpoint == null ? null : deviceEndpoint.toString());
  }

  /** Secrets (the client secret, the refresh token) print as {@code ***}, by {@link Redaction}'s naming rule. */
  @Override
  public String toString() {
    return Redaction.toString(this);
  }
}
