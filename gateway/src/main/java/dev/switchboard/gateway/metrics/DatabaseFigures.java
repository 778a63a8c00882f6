package dev.switchboard.gateway.metrics;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures only the database knows: backlog ages and outbox depth (read when Prometheus scrapes, so they cost
 * nothing between scrapes and are as fresh as the scrape), and when the mail an acknowledgment answers arrived.
 * Ages are computed by PostgreSQL's clock, the one that stamped the rows. Every instance of a fleet reports the same
 * database figures; alert on their max.
 */
public final class DatabaseFigures implements Metrics.ArrivalLookup {
  // the partial indexes keep both cheap while the backlog is small: raw_message_pending_idx, and V20's two indexes of
  // pending mail (to people, and notifications), read one each, which between them hold every pending mail
  static final String OLDEST_UNPROCESSED =
      "select m.name, (extract(epoch from now() - min(r.received_at)) * 1000)::bigint as age_ms"
          + " from mailbox m left join raw_message r on r.mailbox_id = m.id and r.state = 'received'"
          + " group by m.name";
  static final String OUTBOX =
      "select sum(depth)::bigint as depth, (extract(epoch from now() - min(oldest_due)) * 1000)::bigint as oldest_due_ms"
          + " from (" + pending("kind <> 'notification'") + " union all " + pending("kind = 'notification'") + ") p";
  /**
   * The raw message's received time of the inbound mail each outbox row replies to, received by the mailbox the row is
   * sent from; the row's own time otherwise. Naming the mailbox completes the inbound mail's unique key (mailbox,
   * Message-ID): with the Message-ID alone PostgreSQL chose that key and read it from its first entry for every row,
   * 0.2 to 0.5 ms each at 20,000 tickets, so a lookup of 1,000 acknowledgments took up to half a second of the
   * database's time (seen with auto_explain in a 20,000-mail bench).
   */
  static final String ARRIVAL =
      "select o.id, coalesce(r.received_at, o.created_at) as arrived from outbox o"
          + " left join ticket_message tm on tm.mailbox_id = o.mailbox_id and tm.message_id = o.in_reply_to"
          + " and tm.direction = 'inbound' and tm.ticket_id = o.ticket_id"
          + " left join raw_message r on r.id = tm.raw_message_id where o.id = any($1)";

  private static String pending(String which) {
    return "select count(*) as depth, min(next_attempt_at) filter (where next_attempt_at <= now()) as oldest_due"
        + " from outbox where state = 'pending' and " + which;
  }

  private final SqlClient client;
  private final Metrics metrics;

  public DatabaseFigures(SqlClient client, Metrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /** Reads the backlog figures into the gauges. */
  public Future<Void> refresh() {
    Future<Void> mailboxes =
        client.query(OLDEST_UNPROCESSED).execute().map(rows -> {
          for (Row r : rows) {
            metrics.oldestUnprocessed(r.getString("name"), millis(r.getLong("age_ms")));
          }
          return null;
        });
    Future<Void> outbox =
        client.query(OUTBOX).execute().map(rows -> {
          Row r = rows.iterator().next();
          metrics.outbox(r.getLong("depth"), millis(r.getLong("oldest_due_ms")));
          return null;
        });
    // the acknowledgment latencies waiting for their arrival times are recorded before the scrape reads them
    return Future.all(mailboxes, outbox, metrics.lookUpArrivals()).mapEmpty();
  }

  @Override
  public Future<Map<Long, Instant>> arrivalsOf(List<Long> outboxIds) {
    return client.preparedQuery(ARRIVAL).execute(Tuple.of((Object) outboxIds.toArray(Long[]::new))).map(rows -> {
      Map<Long, Instant> arrivals = new HashMap<>();
      for (Row r : rows) {
        OffsetDateTime t = r.getOffsetDateTime("arrived");
        if (t != null) {
          arrivals.put(r.getLong("id"), t.toInstant());
        }
      }
      return arrivals;
    });
  }

  private static Duration millis(Long value) {
    return value == null || value < 0 ? Duration.ZERO : Duration.ofMillis(value);
  }
}
