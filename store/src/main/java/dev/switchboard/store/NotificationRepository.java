package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;

/**
 * Notifications to coordinators: one row per (ticket, event, source, recipient), claimed before the mail is enqueued
 * in the same transaction, so each is sent at most once however often the change that caused it is replayed.
 */
public final class NotificationRepository {
  private static final String CLAIM =
      "insert into notification (ticket_id, event, source_key, recipient) values ($1, $2, $3, $4) "
          + "on conflict on constraint notification_once_key do nothing returning id";
  private static final String CLAIM_UNATTACHED =
      "insert into notification (ticket_id, event, source_key, recipient) values (null, $1, $2, $3) "
          + "on conflict do nothing returning id";
  private static final String FIRST = "select min(id) from notification where ticket_id = $1 and recipient = $2";
  private static final String SENT = "update notification set outbox_id = $2 where id = $1";

  private final SqlClient client;

  public NotificationRepository(SqlClient client) {
    this.client = client;
  }

  /** Records the notification; its id, or null when this one was already recorded (and so already sent). */
  public Future<Long> claim(long ticketId, String event, String sourceKey, String recipient) {
    return client
        .preparedQuery(CLAIM)
        .execute(Tuple.of(ticketId, event, sourceKey, recipient.toLowerCase(Locale.ROOT)))
        .map(NotificationRepository::firstId);
  }

  /**
   * Records a notification about no one ticket (the daily digest); its id, or null when it was already recorded.
   */
  public Future<Long> claimUnattached(String event, String sourceKey, String recipient) {
    return client
        .preparedQuery(CLAIM_UNATTACHED)
        .execute(Tuple.of(event, sourceKey, recipient.toLowerCase(Locale.ROOT)))
        .map(NotificationRepository::firstId);
  }

  /** The id of the first notification this recipient had about the ticket: the root of their thread. */
  public Future<Long> first(long ticketId, String recipient) {
    return client
        .preparedQuery(FIRST)
        .execute(Tuple.of(ticketId, recipient.toLowerCase(Locale.ROOT)))
        .map(NotificationRepository::firstId);
  }

  public Future<Void> sent(long notificationId, long outboxId) {
    return client.preparedQuery(SENT).execute(Tuple.of(notificationId, outboxId)).mapEmpty();
  }

  private static Long firstId(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? it.next().getLong(0) : null;
  }
}
