package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The call journal: finished calls committed before they are filed, so a crash or a database outage between a call's
 * end and its ticket work loses nothing. Appending is idempotent on (pbx, linkedid).
 */
public final class CallJournalRepository {
  // one statement for any number of calls: a burst of hang-ups costs one round trip
  private static final String APPEND =
      "insert into call_journal (pbx, linkedid, record) "
          + "select $1, e ->> 'linkedid', e -> 'record' from jsonb_array_elements($2::jsonb) with ordinality as t(e, o) "
          + "order by o "
          + "on conflict (pbx, linkedid) do nothing";
  private static final String UNFILED =
      "select seq, pbx, linkedid, record from call_journal where pbx = $1 and filed_at is null order by seq limit $2";
  private static final String MARK_FILED =
      "update call_journal set filed_at = now() where pbx = $1 and linkedid = $2 and filed_at is null";

  private static final String MARK_FAILED =
      "update call_journal set filed_at = now(), failure = $3 where pbx = $1 and linkedid = $2 and filed_at is null";

  private final SqlClient client;

  public CallJournalRepository(SqlClient client) {
    this.client = client;
  }

  /** Commits finished calls of one PBX in the order given; calls already journaled are left as they are. */
  public Future<Void> append(String pbx, List<String> linkedids, List<JsonObject> records) {
    if (linkedids.size() != records.size()) {
      throw new IllegalArgumentException("linkedids and records differ in length");
    }
    if (linkedids.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray calls = new JsonArray();
    for (int i = 0; i < linkedids.size(); i++) {
      calls.add(new JsonObject().put("linkedid", linkedids.get(i)).put("record", records.get(i)));
    }
    return client.preparedQuery(APPEND).execute(Tuple.of(pbx, calls)).mapEmpty();
  }

  /** Calls of one PBX not yet filed, oldest first. */
  public Future<List<JournaledCall>> unfiled(String pbx, int limit) {
    return client.preparedQuery(UNFILED).execute(Tuple.of(pbx, limit)).map(rows -> {
      List<JournaledCall> out = new ArrayList<>();
      rows.forEach(r -> out.add(new JournaledCall(r.getLong("seq"), r.getString("pbx"), r.getString("linkedid"),
          (JsonObject) r.getValue("record"))));
      return out;
    });
  }

  public Future<Void> markFiled(String pbx, String linkedid) {
    return client.preparedQuery(MARK_FILED).execute(Tuple.of(pbx, linkedid)).mapEmpty();
  }

  /** Takes a call that can never be filed out of the queue, keeping it and the reason for a person to look at. */
  public Future<Void> markFailed(String pbx, String linkedid, String reason) {
    return client.preparedQuery(MARK_FAILED).execute(Tuple.of(pbx, linkedid, reason)).mapEmpty();
  }
}
