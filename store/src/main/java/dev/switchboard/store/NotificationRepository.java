package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Notifications to coordinators: one row per (ticket, event, source, recipient), claimed before the mail is enqueued
 * in the same transaction, so each is sent at most once however often the change that caused it is replayed.
 */
public final class NotificationRepository {
  private static final String CLAIM_UNATTACHED =
      "insert into notification (ticket_id, event, source_key, recipient) values (null, $1, $2, $3) "
          + "on conflict do nothing returning id";
  // Several claims in one statement, each naming the outbox row its mail will be (the foreign key is checked at
  // commit). The CTE's inserts are not visible to the outer select (one snapshot), so the subquery finds only a
  // recipient's earlier notifications about the ticket; the root among those claimed here is chosen in Java (the
  // smallest id).
  private static final String CLAIM_ALL =
      "with claimed as (insert into notification (ticket_id, event, source_key, recipient, outbox_id) "
          + "select u.t, u.e, u.s, u.r, nextval('outbox_id_seq') "
          + "from unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) as u(t, e, s, r) "
          + "on conflict on constraint notification_once_key do nothing "
          + "returning id, ticket_id, event, source_key, recipient, outbox_id) "
          + "select c.id, c.ticket_id, c.event, c.source_key, c.recipient, (select min(n.id) from notification n "
          + "where n.ticket_id = c.ticket_id and n.recipient = c.recipient), c.outbox_id from claimed c";
  private static final String SENT = "update notification set outbox_id = $2 where id = $1";

  private final SqlClient client;

  public NotificationRepository(SqlClient client) {
    this.client = client;
  }

  /** One notification to record: about a ticket's event, caused by {@code sourceKey}, to {@code recipient}. */
  public record Claim(long ticketId, String event, String sourceKey, String recipient) {
    public Claim {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(sourceKey, "sourceKey");
      recipient = recipient.toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A notification just claimed, and the first one its recipient had about the ticket (itself, if none before).
   *
   * @param outboxId the id its mail must be enqueued with ({@link OutboxRepository#enqueueNotifications}), in the same
   *     transaction: the claim names that row before it exists, and the commit fails if it never does
   */
  public record Claimed(long id, long first, long outboxId) {}

  /**
   * Records these notifications (one per ticket, event, source and recipient) and finds the root of each recipient's
   * thread about the ticket, in one statement. The map holds the claims that were new; one already recorded (and so
   * already sent) is absent, as is a second copy of a claim in the list. Each new claim's mail must be enqueued in the
   * same transaction, with the outbox id it was given.
   */
  public Future<Map<Claim, Claimed>> claimAll(List<Claim> claims) {
    if (claims.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    int n = claims.size();
    Long[] tickets = new Long[n];
    String[] events = new String[n];
    String[] sources = new String[n];
    String[] recipients = new String[n];
    for (int i = 0; i < n; i++) {
      Claim c = claims.get(i);
      tickets[i] = c.ticketId();
      events[i] = c.event();
      sources[i] = c.sourceKey();
      recipients[i] = c.recipient();
    }
    return client
        .preparedQuery(CLAIM_ALL)
        .execute(Tuple.of(tickets, events, sources, recipients))
        .map(rows -> {
          Map<Claim, Row> byClaim = new LinkedHashMap<>();
          Map<Claim, Long> firsts = new HashMap<>();
          for (Row row : rows) {
            Claim claim = new Claim(row.getLong(1), row.getString(2), row.getString(3), row.getString(4));
            long id = row.getLong(0);
            Long earlier = row.getLong(5);
            byClaim.put(claim, row);
            firsts.merge(threadOf(claim), earlier == null ? id : Math.min(earlier, id), Math::min);
          }
          Map<Claim, Claimed> claimed = new LinkedHashMap<>();
          byClaim.forEach((claim, row) ->
              claimed.put(claim, new Claimed(row.getLong(0), firsts.get(threadOf(claim)), row.getLong(6))));
          return claimed;
        });
  }

  /** The key of a recipient's thread about a ticket, as a claim with neither event nor source. */
  private static Claim threadOf(Claim c) {
    return new Claim(c.ticketId(), "", "", c.recipient());
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
