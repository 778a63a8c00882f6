package dev.switchboard.store;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A finished call as committed to the call journal, before it is filed.
 *
 * @param seq the journal's order; filing follows it
 * @param pbx the PBX's configured name
 * @param linkedid the call's Linkedid, unique per PBX
 * @param record the call as the gateway serialised it
 */
public record JournaledCall(long seq, String pbx, String linkedid, JsonObject record) {
  public JournaledCall {
    Objects.requireNonNull(pbx, "pbx");
    Objects.requireNonNull(linkedid, "linkedid");
    Objects.requireNonNull(record, "record");
  }
}
