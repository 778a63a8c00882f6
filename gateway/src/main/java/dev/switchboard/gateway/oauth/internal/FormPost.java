package dev.switchboard.gateway.oauth.internal;

import dev.switchboard.gateway.oauth.OAuth2Exception;
import dev.switchboard.gateway.oauth.OAuth2Exception.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A blocking form POST to an OAuth2 endpoint with a time limit. Call from a worker thread, never an event loop. */
public final class FormPost {
  /** What the endpoint answered. */
  public record Answer(int status, String body) {}

  private final HttpClient http;
  private final Duration timeout;

  public FormPost(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public Answer post(String mailbox, URI endpoint, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .filter(e -> e.getValue() != null)
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(r.statusCode(), r.body());
    } catch (IOException e) {
      // the endpoint's host and the error type only: the request body holds secrets
      throw new OAuth2Exception(
          Reason.UNAVAILABLE,
          "mailbox " + mailbox + ": the token endpoint " + endpoint.getHost() + " is unreachable: "
              + e.getClass().getSimpleName(),
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OAuth2Exception(Reason.UNAVAILABLE, "mailbox " + mailbox + ": token request interrupted", null);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
