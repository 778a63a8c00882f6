package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Locale;
import java.util.function.Function;

/** Contacts, found by email address or phone number. */
public final class ContactRepository {
  private static final String UPSERT_BY_EMAIL =
      "insert into contact (email, name) values ($1, $2) "
          + "on conflict (email) do update set name = coalesce(contact.name, excluded.name), updated_at = now() "
          + "returning id, email, name";
  private static final String FIND_BY_ID = "select id, email, name from contact where id = $1";
  private static final String FIND_BY_PHONE =
      "select c.id, c.email, c.name from contact c join contact_phone p on p.contact_id = c.id where p.phone = $1";
  private static final String INSERT_PHONELESS = "insert into contact (name) values ($1) returning id, email, name";
  private static final String ADD_PHONE =
      "insert into contact_phone (phone, contact_id) values ($1, $2) on conflict (phone) do nothing";

  static final Function<Row, Contact> MAPPER =
      row -> new Contact(row.getLong("id"), row.getString("email"), row.getString("name"));

  private final SqlClient client;

  public ContactRepository(SqlClient client) {
    this.client = client;
  }

  /** The contact with this address, created on first sight; a known contact keeps the name it has. */
  public Future<Contact> findOrCreateByEmail(String email, String name) {
    return client
        .preparedQuery(UPSERT_BY_EMAIL)
        .execute(Tuple.of(email.toLowerCase(Locale.ROOT), name))
        .map(rows -> MAPPER.apply(rows.iterator().next()));
  }

  public Future<Contact> find(long id) {
    return client
        .preparedQuery(FIND_BY_ID)
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next()));
  }

  /** The contact owning an E.164 number, or null. */
  public Future<Contact> findByPhone(String e164) {
    return client
        .preparedQuery(FIND_BY_PHONE)
        .execute(Tuple.of(e164))
        .map(rows -> rows.size() == 0 ? null : MAPPER.apply(rows.iterator().next()));
  }

  /** A new contact known only by a phone number (a caller nobody has met). */
  public Future<Contact> createForPhone(String e164, String name) {
    return client
        .preparedQuery(INSERT_PHONELESS)
        .execute(Tuple.of(name))
        .map(rows -> MAPPER.apply(rows.iterator().next()))
        .compose(c -> addPhone(c.id(), e164).map(c));
  }

  /** Adds a number to a contact; a number that already belongs to someone stays theirs. */
  public Future<Void> addPhone(long contactId, String e164) {
    return client.preparedQuery(ADD_PHONE).execute(Tuple.of(e164, contactId)).mapEmpty();
  }
}
