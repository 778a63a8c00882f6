package dev.switchboard.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.ApiRole;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class ApiAccessTest {
  @Test
  void readsNeedReaderAgentWorkNeedsAgentTheRestAdmin() {
    assertThat(ApiAccess.required(HttpMethod.GET, "/tickets/1001/attachments/3")).isEqualTo(ApiRole.READER);
    assertThat(ApiAccess.required(HttpMethod.PATCH, "/tickets/1001")).isEqualTo(ApiRole.AGENT);
    assertThat(ApiAccess.required(HttpMethod.POST, "/contacts/jane@example.org/phones")).isEqualTo(ApiRole.AGENT);
    assertThat(ApiAccess.required(HttpMethod.POST, "/tickets/1001/participants")).isEqualTo(ApiRole.AGENT);
    assertThat(ApiAccess.required(HttpMethod.DELETE, "/tickets/1001/participants/x@y.org")).isEqualTo(ApiRole.AGENT);
    assertThat(ApiAccess.required(HttpMethod.PATCH, "/tickets/1001/attachments/3")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.POST, "/tickets")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.DELETE, "/tickets/1001")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.POST, "/admin/reindex")).isEqualTo(ApiRole.ADMIN);
  }

  @Test
  void theIntakeLedgerIsForAdminsEvenToRead() {
    assertThat(ApiAccess.required(HttpMethod.GET, "/raw-messages")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.GET, "/raw-messages/7/raw")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.HEAD, "/raw-messages/7")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.POST, "/raw-messages/7/reprocess")).isEqualTo(ApiRole.ADMIN);
    assertThat(ApiAccess.required(HttpMethod.GET, "/raw-messagesX")).isEqualTo(ApiRole.READER);
  }

  @Test
  void onlyJsonCountsAsJson() {
    assertThat(ApiAccess.isJson("application/json")).isTrue();
    assertThat(ApiAccess.isJson("Application/JSON; charset=UTF-8")).isTrue();
    assertThat(ApiAccess.isJson("text/plain")).isFalse();
    assertThat(ApiAccess.isJson("application/json-patch+json")).isFalse();
    assertThat(ApiAccess.isJson("application/x-www-form-urlencoded")).isFalse();
    assertThat(ApiAccess.isJson(null)).isFalse();
    assertThat(ApiAccess.needsJsonBody(HttpMethod.PATCH)).isTrue();
    assertThat(ApiAccess.needsJsonBody(HttpMethod.GET)).isFalse();
  }
}
