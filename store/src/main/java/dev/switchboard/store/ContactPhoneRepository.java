package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;

/**
 * Gives phone numbers to email requesters. Several statements: run {@link #assign} inside a transaction.
 */
public final class ContactPhoneRepository {
  private static final String FIND_BY_EMAIL = "select id, email, name from contact where email = $1";
  private static final String OWNER =
      "select c.id, c.email, c.name from contact_phone p join contact c on c.id = p.contact_id where p.phone = $1 "
          + "for update of p";
  private static final String ADD = "insert into contact_phone (phone, contact_id) values ($1, $2)";
  private static final String MOVE_TICKETS = "update ticket set requester_id = $2 where requester_id = $1";
  private static final String MOVE_CALLS = "update call set contact_id = $2 where contact_id = $1";
  private static final String MOVE_PHONES = "update contact_phone set contact_id = $2 where contact_id = $1";
  private static final String DELETE = "delete from contact where id = $1";

  private final SqlClient client;

  public ContactPhoneRepository(SqlClient client) {
    this.client = client;
  }

  /** Gives the number to the contact with this email address; see {@link PhoneAssignment.Outcome} for the cases. */
  public Future<PhoneAssignment> assign(String email, String e164) {
    return client
        .preparedQuery(FIND_BY_EMAIL)
        .execute(Tuple.of(email.toLowerCase(Locale.ROOT)))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(
                    new PhoneAssignment(PhoneAssignment.Outcome.NO_CONTACT, null, e164, null));
              }
              Contact contact = contact(rows.iterator().next());
              return client
                  .preparedQuery(OWNER)
                  .execute(Tuple.of(e164))
                  .compose(owners -> assign(contact, e164, owners.size() == 0 ? null : contact(owners.iterator().next())));
            });
  }

  private Future<PhoneAssignment> assign(Contact contact, String e164, Contact owner) {
    if (owner == null) {
      return client.preparedQuery(ADD).execute(Tuple.of(e164, contact.id()))
          .map(new PhoneAssignment(PhoneAssignment.Outcome.ADDED, contact, e164, null));
    }
    if (owner.id() == contact.id()) {
      return Future.succeededFuture(new PhoneAssignment(PhoneAssignment.Outcome.ALREADY_THEIRS, contact, e164, null));
    }
    if (owner.email() != null) {
      return Future.succeededFuture(new PhoneAssignment(PhoneAssignment.Outcome.TAKEN, contact, e164, owner.email()));
    }
    Tuple move = Tuple.of(owner.id(), contact.id());
    return client.preparedQuery(MOVE_TICKETS).execute(move)
        .compose(v -> client.preparedQuery(MOVE_CALLS).execute(move))
        .compose(v -> client.preparedQuery(MOVE_PHONES).execute(move))
        .compose(v -> client.preparedQuery(DELETE).execute(Tuple.of(owner.id())))
        .map(new PhoneAssignment(PhoneAssignment.Outcome.MERGED, contact, e164, null));
  }

  private static Contact contact(Row row) {
    return new Contact(row.getLong("id"), row.getString("email"), row.getString("name"));
  }
}
