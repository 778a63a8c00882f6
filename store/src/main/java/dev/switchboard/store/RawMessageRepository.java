package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Raw received messages: committed first, processed later. The unique key (mailbox, UIDVALIDITY, UID) makes
 * re-fetching the same message a no-op.
 */
public final class RawMessageRepository {
  /** What became of a raw message. */
  public enum State {
    RECEIVED,
    PROCESSED,
    DUPLICATE,
    FAILED;

    String sql() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final String INSERT =
      "insert into raw_message (mailbox_id, uid_validity, uid, size, content) values ($1, $2, $3, $4, $5) "
          + "on conflict on constraint raw_message_mailbox_uid_key do nothing";
  /** A whole batch in one statement; the ordinality keeps ids in the order given (UID order). */
  private static final String INSERT_SET =
      "insert into raw_message (mailbox_id, uid_validity, uid, size, content) "
          + "select $1, $2, m.uid, length(m.content), m.content "
          + "from unnest($3::bigint[], $4::bytea[]) with ordinality as m(uid, content, n) order by m.n "
          + "on conflict on constraint raw_message_mailbox_uid_key do nothing returning id, uid";
  // $4: the mailbox keeps its mail as it is, so there is no policy left to apply, and the row is written once, not
  // again by the policy step (every write of a row is a new version, indexed anew: its state is in partial indexes)
  private static final String MARK_ALL =
      "update raw_message r set state = m.state, error = m.error, processed_at = now(), "
          + "policy_applied_at = case when $4 then now() else r.policy_applied_at end "
          + "from unnest($1::bigint[], $2::text[], $3::text[]) as m(id, state, error) where r.id = m.id";
  private static final String PENDING =
      "select id, mailbox_id, uid_validity, uid, content from raw_message "
          + "where mailbox_id = $1 and state = 'received' and id > $3 order by id limit $2";
  private static final String FIND =
      "select id, mailbox_id, uid_validity, uid, content from raw_message where id = $1";
  private static final String MARK =
      "update raw_message set state = $2, error = $3, processed_at = now() where id = $1";
  private static final String POLICY_PENDING =
      "select uid from raw_message where mailbox_id = $1 and uid_validity = $2 "
          + "and policy_applied_at is null and state <> 'received' order by uid limit $3";
  private static final String POLICY_APPLIED =
      "update raw_message set policy_applied_at = now() "
          + "where mailbox_id = $1 and uid_validity = $2 and uid = any($3)";

  static final Function<Row, RawMessage> MAPPER =
      row ->
          new RawMessage(
              row.getLong("id"),
              row.getLong("mailbox_id"),
              row.getLong("uid_validity"),
              row.getLong("uid"),
              row.getBuffer("content").getBytes());

  private final SqlClient client;

  public RawMessageRepository(SqlClient client) {
    this.client = client;
  }

  /** Stores a batch in one round trip; messages already stored are skipped. */
  public Future<Void> insertAll(long mailboxId, long uidValidity, List<IncomingRaw> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>(messages.size());
    for (IncomingRaw m : messages) {
      batch.add(Tuple.of(mailboxId, uidValidity, m.uid(), m.content().length, Buffer.buffer(m.content())));
    }
    return client.preparedQuery(INSERT).executeBatch(batch).mapEmpty();
  }

  /**
   * Stores a batch with one statement and returns the messages it stored, with their ids and the bytes given (not read
   * back), in the order given; messages already stored are left out: they were processed, or are pending since.
   */
  public Future<List<RawMessage>> store(long mailboxId, long uidValidity, List<IncomingRaw> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Long[] uids = new Long[messages.size()];
    Buffer[] contents = new Buffer[messages.size()];
    for (int i = 0; i < uids.length; i++) {
      uids[i] = messages.get(i).uid();
      contents[i] = Buffer.buffer(messages.get(i).content());
    }
    return client.preparedQuery(INSERT_SET).execute(Tuple.of(mailboxId, uidValidity, uids, contents)).map(rows -> {
      Map<Long, Long> ids = new HashMap<>();
      rows.forEach(r -> ids.put(r.getLong("uid"), r.getLong("id")));
      List<RawMessage> stored = new ArrayList<>(ids.size());
      for (IncomingRaw m : messages) {
        Long id = ids.get(m.uid());
        if (id != null) {
          stored.add(new RawMessage(id, mailboxId, uidValidity, m.uid(), m.content()));
        }
      }
      return stored;
    });
  }

  /** What became of one raw message, for {@link #markAll}. */
  public record Mark(long id, State state, String error) {
    public Mark {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Marks many raw messages with one statement.
   *
   * @param nothingToApply the mailbox's after-import policy leaves the mail as it is ("keep"): the messages are
   *     recorded as done with it too, so {@link #awaitingPolicy} does not return them
   */
  public Future<Void> markAll(List<Mark> marks, boolean nothingToApply) {
    if (marks.isEmpty()) {
      return Future.succeededFuture();
    }
    Long[] ids = new Long[marks.size()];
    String[] states = new String[marks.size()];
    String[] errors = new String[marks.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = marks.get(i).id();
      states[i] = marks.get(i).state().sql();
      errors[i] = marks.get(i).error();
    }
    return client.preparedQuery(MARK_ALL).execute(Tuple.of(ids, states, errors, nothingToApply)).mapEmpty();
  }

  /** Messages committed but not yet processed, oldest first: the work left by a crash or a slow batch. */
  public Future<List<RawMessage>> pending(long mailboxId, int limit) {
    return pending(mailboxId, 0, limit);
  }

  /** Like {@link #pending(long, int)}, after the given id: the next batch while the current one is being stored. */
  public Future<List<RawMessage>> pending(long mailboxId, long afterId, int limit) {
    return client
        .preparedQuery(PENDING)
        .execute(Tuple.of(mailboxId, limit, afterId))
        .map(rows -> Rows.list(rows, MAPPER));
  }


  public Future<RawMessage> find(long id) {
    return client
        .preparedQuery(FIND)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next()));
  }

  public Future<Void> mark(long id, State state, String error) {
    return client.preparedQuery(MARK).execute(Tuple.of(id, state.sql(), error)).mapEmpty();
  }

  /** UIDs processed but whose mailbox policy (mark seen, move) is not yet applied. */
  public Future<List<Long>> awaitingPolicy(long mailboxId, long uidValidity, int limit) {
    return client
        .preparedQuery(POLICY_PENDING)
        .execute(Tuple.of(mailboxId, uidValidity, limit))
        .map(rows -> Rows.list(rows, r -> r.getLong("uid")));
  }

  public Future<Void> policyApplied(long mailboxId, long uidValidity, List<Long> uids) {
    if (uids.isEmpty()) {
      return Future.succeededFuture();
    }
    return client
        .preparedQuery(POLICY_APPLIED)
        .execute(Tuple.of(mailboxId, uidValidity, uids.toArray(new Long[0])))
        .mapEmpty();
  }

}
