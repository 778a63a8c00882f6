package dev.switchboard.store;

import dev.switchboard.store.internal.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The people on a ticket besides its requester: copied on its mail, and their replies thread like the requester's. */
public final class ParticipantRepository {
  // one statement for the whole list, keyed by the ticket number the intake outcome carries
  private static final String ADD =
      "insert into ticket_participant (ticket_id, email, name) "
          + "select t.id, x.email, x.name from ticket t, unnest($2::text[], $3::text[]) as x (email, name) "
          + "where t.number = $1 on conflict do nothing";
  private static final String ADD_ONE =
      "insert into ticket_participant (ticket_id, email, name) values ($1, $2, $3) on conflict do nothing";
  private static final String REMOVE = "delete from ticket_participant where ticket_id = $1 and email = $2";
  private static final String EMAILS =
      "select email from ticket_participant where ticket_id = $1 order by created_at, email";

  private final SqlClient client;

  public ParticipantRepository(SqlClient client) {
    this.client = client;
  }

  /** Adds people to a ticket; someone already on it stays as they were. */
  public Future<Void> add(long ticketNumber, List<Participant> people) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    String[] emails = new String[people.size()];
    String[] names = new String[people.size()];
    for (int i = 0; i < emails.length; i++) {
      emails[i] = people.get(i).email();
      names[i] = people.get(i).name();
    }
    return client.preparedQuery(ADD).execute(Tuple.of(ticketNumber, emails, names)).mapEmpty();
  }

  /** Adds one person to a ticket by its id; false when they were on it already. */
  public Future<Boolean> addOne(long ticketId, Participant person) {
    return client
        .preparedQuery(ADD_ONE)
        .execute(Tuple.of(ticketId, person.email(), person.name()))
        .map(rows -> rows.rowCount() > 0);
  }

  /** Removes a person (lower-cased address) from a ticket; false when they were not on it. */
  public Future<Boolean> remove(long ticketId, String email) {
    return client.preparedQuery(REMOVE).execute(Tuple.of(ticketId, email)).map(rows -> rows.rowCount() > 0);
  }

  /** Participants' addresses, lower-cased, in the order they joined. */
  public Future<List<String>> emails(long ticketId) {
    return client
        .preparedQuery(EMAILS)
        .execute(Tuple.of(ticketId))
        .map(rows -> Rows.list(rows, r -> r.getString(0)));
  }
}
