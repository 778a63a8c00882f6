package dev.switchboard.gateway.http;

import dev.switchboard.store.ApiRole;
import io.vertx.core.http.HttpMethod;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who may do what, as pure functions of method and path. Anything not named here needs {@code admin}, so an endpoint
 * added later is closed until someone opens it on purpose.
 */
final class ApiAccess {
  private static final Pattern TICKET = Pattern.compile("/tickets/[^/]+/?");
  private static final Pattern PHONES = Pattern.compile("/contacts/[^/]+/phones/?");
  /** The intake ledger holds whatever anyone mailed in, raw: admins only, reading too. */
  private static final Pattern RAW_MESSAGES = Pattern.compile("/raw-messages(/.*)?");
  private static final Pattern PARTICIPANTS = Pattern.compile("/tickets/[^/]+/participants(/[^/]+)?/?");

  private ApiAccess() {}

  /** The least role that may send this request. */
  static ApiRole required(HttpMethod method, String path) {
    if (RAW_MESSAGES.matcher(path).matches()) {
      return ApiRole.ADMIN;
    }
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return ApiRole.READER;
    }
    if (method == HttpMethod.PATCH && TICKET.matcher(path).matches()
        || method == HttpMethod.POST && PHONES.matcher(path).matches()
        || PARTICIPANTS.matcher(path).matches()) {
      return ApiRole.AGENT;
    }
    return ApiRole.ADMIN;
  }

  /**
   * True for requests that change something and carry a body. They must say {@code application/json}: a browser sends
   * a cross-site form post as {@code text/plain} or a form type without asking, but never as JSON.
   */
  static boolean needsJsonBody(HttpMethod method) {
    return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
  }

  /** {@code application/json}, with or without parameters such as {@code charset}. */
  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
    return type.toLowerCase(Locale.ROOT).equals("application/json");
  }
}
