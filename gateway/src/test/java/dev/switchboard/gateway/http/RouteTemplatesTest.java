package dev.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  private final RouteTemplates routes = new RouteTemplates(Arrays.asList(
      "/health", "/tickets", "/tickets/:number", "/tickets/:number/attachments/:id", null, "/raw-messages/:id/raw",
      "/static/*"));

  @Test
  void parametersBecomeTheirNamesAndNeverTheValues() {
    assertThat(routes.name("/tickets/4711")).isEqualTo("/tickets/{number}");
    assertThat(routes.name("/tickets/4711/")).isEqualTo("/tickets/{number}");
    assertThat(routes.name("/tickets/4711/attachments/9")).isEqualTo("/tickets/{number}/attachments/{id}");
    assertThat(routes.name("/raw-messages/12/raw")).isEqualTo("/raw-messages/{id}/raw");
    assertThat(routes.name("/tickets")).isEqualTo("/tickets");
    assertThat(routes.name("/health")).isEqualTo("/health");
    assertThat(routes.name("/static/a/b.css")).isEqualTo("/static/*");
  }

  @Test
  void aVertxPathReadsAsATemplate() {
    assertThat(RouteTemplates.template("/tickets/:number/attachments/:id"))
        .isEqualTo("/tickets/{number}/attachments/{id}");
    assertThat(RouteTemplates.template("/health")).isEqualTo("/health");
  }

  @Test
  void anythingElseIsOneSeries() {
    assertThat(routes.name("/tickets/4711/secret")).isEqualTo(RouteTemplates.UNMATCHED);
    assertThat(routes.name("/tickets//attachments/1")).isEqualTo(RouteTemplates.UNMATCHED);
    assertThat(routes.name("/wp-admin.php")).isEqualTo(RouteTemplates.UNMATCHED);
    assertThat(routes.name("/")).isEqualTo(RouteTemplates.UNMATCHED);
    assertThat(routes.name(null)).isEqualTo(RouteTemplates.UNMATCHED);
  }
}
