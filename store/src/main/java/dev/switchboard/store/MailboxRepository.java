package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.function.Function;

/** Mailboxes and their IMAP progress (UIDVALIDITY, last committed UID). */
public final class MailboxRepository {
  private static final String UPSERT =
      "insert into mailbox (name, address) values ($1, $2) "
          + "on conflict (name) do update set address = excluded.address "
          + "returning id, name, address, uid_validity, last_uid";
  private static final String FIND_BY_NAME =
      "select id, name, address, uid_validity, last_uid from mailbox where name = $1";
  private static final String FIND_BY_ID = "select id, name, address, uid_validity, last_uid from mailbox where id = $1";
  private static final String SAVE_PROGRESS =
      "update mailbox set uid_validity = $2, last_uid = $3, last_polled_at = now() where id = $1";
  private static final String TOUCH = "update mailbox set last_polled_at = now() where id = $1";

  static final Function<Row, Mailbox> MAPPER =
      row ->
          new Mailbox(
              row.getLong("id"),
              row.getString("name"),
              row.getString("address"),
              row.getLong("uid_validity"),
              row.getLong("last_uid"));

  private final SqlClient client;

  public MailboxRepository(SqlClient client) {
    this.client = client;
  }

  /** Registers a configured mailbox, or updates its address; keeps its progress. */
  public Future<Mailbox> upsert(String name, String address) {
    return client
        .preparedQuery(UPSERT)
        .execute(Tuple.of(name, address.toLowerCase(Locale.ROOT)))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  public Future<Mailbox> findByName(String name) {
    return client
        .preparedQuery(FIND_BY_NAME)
        .execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next()));
  }

  public Future<Mailbox> find(long id) {
    return client
        .preparedQuery(FIND_BY_ID)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next()));
  }

  public Future<Void> saveProgress(long mailboxId, long uidValidity, long lastUid) {
    return client.preparedQuery(SAVE_PROGRESS).execute(Tuple.of(mailboxId, uidValidity, lastUid)).mapEmpty();
  }

  public Future<Void> touch(long mailboxId) {
    return client.preparedQuery(TOUCH).execute(Tuple.of(mailboxId)).mapEmpty();
  }
}
