package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Instances' heartbeats and resources' leases. Every change is one atomic statement that reads time from the
 * database's {@code now()}: two instances racing for a lease are ordered by PostgreSQL's row lock, and their hosts'
 * clocks play no part.
 */
public final class LeaseRepository {
  private static final String HEARTBEAT =
      "insert into instance (id, version) values ($1, $2) "
          + "on conflict (id) do update set heartbeat_at = now(), version = excluded.version";
  private static final String LEAVE = "delete from instance where id = $1";
  private static final String FORGET_OLD = "delete from instance where heartbeat_at < now() - $1::float8 * interval '1 second'";
  private static final String LEASE_COLUMNS = "resource, owner, fencing, acquired_at, expires_at";
  // a new resource is inserted; an existing one is taken over only when free, expired or already ours, and every
  // acquisition increments the fencing number, so the previous holder's writes can be told apart
  private static final String ACQUIRE =
      "insert into lease as l (resource, owner, fencing, acquired_at, expires_at) "
          + "values ($1, $2, 1, now(), now() + $3::float8 * interval '1 millisecond') "
          + "on conflict (resource) do update set owner = excluded.owner, fencing = l.fencing + 1, "
          + "acquired_at = now(), expires_at = excluded.expires_at "
          + "where l.owner is null or l.expires_at <= now() or l.owner = excluded.owner "
          + "returning " + LEASE_COLUMNS;
  private static final String RENEW =
      "update lease set expires_at = now() + $4::float8 * interval '1 millisecond' "
          + "where resource = $1 and owner = $2 and fencing = $3 returning " + LEASE_COLUMNS;
  private static final String RELEASE =
      "update lease set owner = null, expires_at = now() where resource = $1 and owner = $2 and fencing = $3";
  private static final String HOLDS =
      "select exists (select 1 from lease where resource = $1 and owner = $2 and fencing = $3 and expires_at > now())";
  private static final String NOW = "select now()";
  private static final String INSTANCES = "select id, version, started_at, heartbeat_at from instance order by id";
  private static final String LEASES = "select " + LEASE_COLUMNS + " from lease order by resource";

  private static final Function<Row, Lease> LEASE =
      r -> new Lease(r.getString("resource"), r.getString("owner"), r.getLong("fencing"),
          r.getOffsetDateTime("acquired_at"), r.getOffsetDateTime("expires_at"));
  private static final Function<Row, FleetInstance> INSTANCE =
      r -> new FleetInstance(r.getString("id"), r.getString("version"), r.getOffsetDateTime("started_at"),
          r.getOffsetDateTime("heartbeat_at"));

  private final SqlClient client;

  public LeaseRepository(SqlClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Records that the instance is alive (and registers it on the first call). */
  public Future<Void> heartbeat(String instance, String version) {
    return client.preparedQuery(HEARTBEAT).execute(Tuple.of(instance, version)).mapEmpty();
  }

  /** Removes the instance's row on a graceful stop; its leases are released separately. */
  public Future<Void> leave(String instance) {
    return client.preparedQuery(LEAVE).execute(Tuple.of(instance)).mapEmpty();
  }

  /** Forgets instances silent for longer than {@code age}: each start registers a new id. */
  public Future<Integer> forgetSilentFor(Duration age) {
    return client.preparedQuery(FORGET_OLD).execute(Tuple.of(age.toMillis() / 1000.0)).map(rows -> rows.rowCount());
  }

  /** Takes the resource when it is new, released, expired or already ours; the new lease, or null when held by another. */
  public Future<Lease> acquire(String resource, String owner, Duration ttl) {
    return client.preparedQuery(ACQUIRE).execute(Tuple.of(resource, owner, (double) ttl.toMillis()))
        .map(rows -> Rows.first(rows, LEASE));
  }

  /**
   * Extends the lease from now by {@code ttl}, only while it is still this acquisition (same owner, same fencing
   * number); null when it was lost.
   */
  public Future<Lease> renew(Lease lease, Duration ttl) {
    return client.preparedQuery(RENEW)
        .execute(Tuple.of(lease.resource(), lease.owner(), lease.fencing(), (double) ttl.toMillis()))
        .map(rows -> Rows.first(rows, LEASE));
  }

  /** Gives the lease up at once; true when it was still ours to give. */
  public Future<Boolean> release(Lease lease) {
    return client.preparedQuery(RELEASE).execute(Tuple.of(lease.resource(), lease.owner(), lease.fencing()))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Whether this acquisition is still current and unexpired: the fencing check before a write that matters. */
  public Future<Boolean> holds(Lease lease) {
    return client.preparedQuery(HOLDS).execute(Tuple.of(lease.resource(), lease.owner(), lease.fencing()))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Every lease, by resource. */
  public Future<List<Lease>> leases() {
    return client.query(LEASES).execute().map(rows -> Rows.list(rows, LEASE));
  }

  /** Every instance and lease with the database's current time. */
  public Future<FleetSnapshot> snapshot() {
    return client.query(NOW).execute().map(rows -> rows.iterator().next().getOffsetDateTime(0))
        .compose(now -> client.query(INSTANCES).execute().map(rows -> Rows.list(rows, INSTANCE))
            .compose(instances -> leases().map(leases -> new FleetSnapshot(now, instances, leases))));
  }
}
