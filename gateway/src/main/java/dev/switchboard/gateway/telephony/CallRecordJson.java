package dev.switchboard.gateway.telephony;

import dev.switchboard.telephony.AgentRef;
import dev.switchboard.telephony.CallRecord;
import dev.switchboard.telephony.Direction;
import dev.switchboard.telephony.Disposition;
import dev.switchboard.telephony.Transfer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A finished call as JSON for the call journal, and back. Field names are the record's; enums by name; instants in
 * ISO-8601. Reading validates through {@link CallRecord}'s constructor, so a journal row edited into nonsense fails
 * loudly instead of filing a wrong call.
 */
final class CallRecordJson {
  private CallRecordJson() {}

  static JsonObject write(CallRecord c) {
    JsonArray transfers = new JsonArray();
    for (Transfer t : c.transfers()) {
      transfers.add(new JsonObject().put("from", t.from()).put("to", t.to()).put("kind", t.kind().name())
          .put("at", t.at().toString()));
    }
    return new JsonObject()
        .put("callId", c.callId())
        .put("direction", c.direction().name())
        .put("callerNumber", c.callerNumber())
        .put("callerName", c.callerName())
        .put("dialledNumber", c.dialledNumber())
        .put("answeredBy", c.answeredBy() == null ? null
            : new JsonObject().put("extension", c.answeredBy().extension()).put("name", c.answeredBy().name()))
        .put("queue", c.queue())
        .put("transfers", transfers)
        .put("start", c.start().toString())
        .put("answer", c.answer() == null ? null : c.answer().toString())
        .put("end", c.end().toString())
        .put("ringSeconds", c.ringSeconds())
        .put("talkSeconds", c.talkSeconds())
        .put("disposition", c.disposition().name())
        .put("voicemailBox", c.voicemailBox())
        .put("expired", c.expired())
        .put("midCall", c.midCall());
  }

  static CallRecord read(JsonObject j) {
    List<Transfer> transfers = new ArrayList<>();
    JsonArray ts = j.getJsonArray("transfers", new JsonArray());
    for (int i = 0; i < ts.size(); i++) {
      JsonObject t = ts.getJsonObject(i);
      transfers.add(new Transfer(t.getString("from"), t.getString("to"), Transfer.Kind.valueOf(t.getString("kind")),
          Instant.parse(t.getString("at"))));
    }
    JsonObject agent = j.getJsonObject("answeredBy");
    return new CallRecord(
        j.getString("callId"),
        Direction.valueOf(j.getString("direction")),
        j.getString("callerNumber"),
        j.getString("callerName"),
        j.getString("dialledNumber"),
        agent == null ? null : new AgentRef(agent.getString("extension"), agent.getString("name")),
        j.getString("queue"),
        transfers,
        Instant.parse(j.getString("start")),
        instant(j.getString("answer")),
        Instant.parse(j.getString("end")),
        j.getLong("ringSeconds"),
        j.getLong("talkSeconds"),
        Disposition.valueOf(j.getString("disposition")),
        j.getString("voicemailBox"),
        j.getBoolean("expired", false),
        j.getBoolean("midCall", false));
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }
}
