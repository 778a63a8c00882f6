package dev.switchboard.demo.bench;

import dev.switchboard.gateway.sla.SchedulerVerticle;
import dev.switchboard.store.Database;
import dev.switchboard.store.Migrations;
import dev.switchboard.store.TicketQuery;
import dev.switchboard.store.TicketRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The scheduler's scan with many open tickets, on a temporary embedded PostgreSQL: every ticket has a due time and a
 * pending warning and breach event; the measured poll finds what is due through the partial index.
 */
public final class SchedulerBench {
  private static final int DUE_NOW = 100;
  private static final int IDLE_POLLS = 50;

  private final int tickets;
  private final PrintStream out;

  public SchedulerBench(int tickets, PrintStream out) {
    this.tickets = tickets;
    this.out = out;
  }

  public void run() {
    try (Database db = Database.embedded(null, 0)) {
      Migrations.migrate(db.connection());
      Vertx vertx = Vertx.vertx();
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
          .connectingTo(db.connection().pgConnectOptions()).using(vertx).build();
      try {
        measure(pool);
      } finally {
        pool.close().await();
        vertx.close().await();
      }
    }
  }

  private void measure(Pool pool) {
    Instant now = Instant.now();
    long fill = System.nanoTime();
    // open tickets due over the next days, each with its warning and breach pending; DUE_NOW breach events are due
    pool.preparedQuery("insert into ticket (subject, status, priority, channel, first_response_due_at) "
            + "select 'bench ' || g, 'open', 'normal', 'api', $1 + (g % 5000) * interval '1 minute' "
            + "- interval '1 hour' from generate_series(1, $2) g")
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), tickets)).await();
    pool.preparedQuery("insert into scheduled_event (ticket_id, kind, target, due_at, run_at) "
            + "select id, k, 'first-response', first_response_due_at, first_response_due_at + interval '1 hour' "
            + "from ticket, unnest(array['sla-warning', 'sla-breach']) k")
        .execute().await();
    pool.preparedQuery("update scheduled_event set run_at = $1 where id in "
            + "(select id from scheduled_event where kind = 'sla-breach' order by id limit $2)")
        .execute(Tuple.of(now.minusSeconds(1).atOffset(ZoneOffset.UTC), DUE_NOW)).await();
    pool.query("analyze").execute().await();
    double fillSeconds = (System.nanoTime() - fill) / 1e9;

    SchedulerVerticle scheduler = new SchedulerVerticle(pool, (tx, event, at) -> Future.succeededFuture(),
        Clock.systemUTC(), SchedulerVerticle.DEFAULT_POLL_INTERVAL, SchedulerVerticle.DEFAULT_BATCH_SIZE);
    // warm-up: connections and prepared statements, nothing due a day earlier
    scheduler.runOnce(now.minus(Duration.ofDays(1))).await();
    long claim = System.nanoTime();
    int claimed = scheduler.runOnce(now).await();
    double claimMillis = (System.nanoTime() - claim) / 1e6;

    List<Double> idle = new ArrayList<>();
    for (int i = 0; i < IDLE_POLLS; i++) {
      long t = System.nanoTime();
      scheduler.runOnce(now).await();
      idle.add((System.nanoTime() - t) / 1e6);
    }
    Collections.sort(idle);

    TicketRepository repo = new TicketRepository(pool);
    TicketQuery breached = new TicketQuery(null, false, false, 50, 0, null, null, now);
    repo.list(breached).await();
    long list = System.nanoTime();
    int listed = repo.list(breached).await().size();
    double listMillis = (System.nanoTime() - list) / 1e6;

    out.printf("scheduler scan: %d open tickets, %d pending events (filled in %.1f s)%n", tickets, 2L * tickets,
        fillSeconds);
    out.printf("  poll with %d due: %.1f ms (%d claimed, handled, marked done); idle poll: p50 %.2f ms, max %.2f ms; "
        + "GET /tickets?sla=breached query (%d of them): %.1f ms%n", DUE_NOW, claimMillis, claimed,
        idle.get(idle.size() / 2), idle.get(idle.size() - 1), listed, listMillis);
    if (claimed != DUE_NOW) {
      throw new IllegalStateException("expected " + DUE_NOW + " due events, claimed " + claimed);
    }
  }
}
