package dev.switchboard.gateway.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.telephony.AgentRef;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.Direction;
import dev.switchboard.telephony.Disposition;
import dev.switchboard.telephony.Transfer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallRecordJsonTest {
  private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");

  @Test
  void everyFieldSurvivesTheJournal() {
    CallRecord answered = new CallRecord("1765000000.42", Direction.INBOUND, "+49 30 901820", "Lena Fischer",
        "18005550100", new AgentRef("2001", "Alice Agent"), "support",
        List.of(new Transfer("2001", "2002", Transfer.Kind.ATTENDED, T0.plusSeconds(40))),
        T0, T0.plusSeconds(12), T0.plusSeconds(95), 12, 83, Disposition.ANSWERED, null, false, true);
    CallRecord voicemail = new CallRecord("1765000000.43", Direction.INBOUND, null, null, null, null, null,
        List.of(), T0, null, T0.plusSeconds(30), 20, 0, Disposition.VOICEMAIL, "2002@helpdesk", true, false);

    for (CallRecord c : List.of(answered, voicemail)) {
      JsonObject json = CallRecordJson.write(c);
      // through text, as the database hands it back
      assertThat(CallRecordJson.read(new JsonObject(json.encode()))).isEqualTo(c);
    }
  }

  @Test
  void anEntryEditedIntoNonsenseIsRefused() {
    JsonObject json = CallRecordJson.write(new CallRecord("1.1", Direction.INBOUND, null, null, null, null, null,
        List.of(), T0, null, T0, 0, 0, Disposition.MISSED, null, false, false));
    assertThatThrownBy(() -> CallRecordJson.read(json.copy().put("disposition", "LOST")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallRecordJson.read(json.copy().put("end", "2026-12-03T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
