package dev.switchboard.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Contacts, found by email address or phone number. */
public final class ContactRepository {
  // one address, or many: a known contact keeps its name either way
  private static final String ON_KNOWN_EMAIL =
      "on conflict (email) do update set name = coalesce(contact.name, excluded.name), updated_at = now() "
          + "returning id, email, name";
  private static final String UPSERT_BY_EMAIL = "insert into contact (email, name) values ($1, $2) " + ON_KNOWN_EMAIL;
  // rows in address order, so concurrent transactions lock contacts in the same order
  private static final String UPSERT_MANY_BY_EMAIL =
      "insert into contact (email, name) select e, n from unnest($1::text[], $2::text[]) as t(e, n) order by e "
          + ON_KNOWN_EMAIL;
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

  /**
   * {@link #findOrCreateByEmail} for many addresses in one statement, keyed by the lower-cased address. An address
   * given twice keeps its first non-null name, as two calls one after the other would.
   */
  public Future<Map<String, Contact>> findOrCreateByEmails(List<String> emails, List<String> names) {
    if (emails.size() != names.size()) {
      throw new IllegalArgumentException("emails and names differ in length");
    }
    // sorted, and null values allowed: a later name fills in only where the first had none
    TreeMap<String, String> unique = new TreeMap<>();
    for (int i = 0; i < emails.size(); i++) {
      String email = emails.get(i).toLowerCase(Locale.ROOT);
      if (unique.get(email) == null) {
        unique.put(email, names.get(i));
      }
    }
    if (unique.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    String[] keys = unique.keySet().toArray(String[]::new);
    String[] values = unique.values().toArray(String[]::new);
    return client
        .preparedQuery(UPSERT_MANY_BY_EMAIL)
        .execute(Tuple.tuple().addArrayOfString(keys).addArrayOfString(values))
        .map(rows -> {
          Map<String, Contact> out = new HashMap<>();
          rows.forEach(r -> {
            Contact c = MAPPER.apply(r);
            out.put(c.email().toLowerCase(Locale.ROOT), c);
          });
          return out;
        });
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
