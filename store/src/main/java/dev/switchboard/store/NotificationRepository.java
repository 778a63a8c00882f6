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
  // the CTE's insert is not visible to the outer select (one snapshot): least() adds the claimed row itself
  private static final String CLAIM_WITH_FIRST =
      "with claimed as (" + CLAIM + ") select c.id, least(c.id, (select min(n.id) from notification n"
          + " where n.ticket_id = $1 and n.recipient = $4)) from claimed c";
  private static final String SENT = "update notification set outbox_id = $2 where id = $1";

  private final SqlClient client;

  public NotificationRepository(SqlClient client) {
    this.client = client;
  }

  /** A notification just claimed, and the first one its recipient had about the ticket (itself, if none before). */
  public record Claimed(long id, long first) {}

  /**
   * Records the notification (one per ticket, event, source and recipient) and finds the root of its recipient's
   * thread about the ticket, in one statement; null when this one was already recorded (and so already sent).
   */
  public Future<Claimed> claimWithFirst(long ticketId, String event, String sourceKey, String recipient) {
    return client
        .preparedQuery(CLAIM_WITH_FIRST)
        .execute(Tuple.of(ticketId, event, sourceKey, recipient.toLowerCase(Locale.ROOT)))
        .map(rows -> {
          var it = rows.iterator();
          if (!it.hasNext()) {
            return null;
          }
          Row row = it.next();
          return new Claimed(row.getLong(0), row.getLong(1));
        });
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

  public Future<Void> sent(long notificationId, long outboxId) {
    return client.preparedQuery(SENT).execute(Tuple.of(notificationId, outboxId)).mapEmpty();
  }

  private static Long firstId(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? it.next().getLong(0) : null;
  }
}
