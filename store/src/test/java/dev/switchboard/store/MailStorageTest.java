package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** V22: a mail's bytes and text are stored out of line without compression, which cost the intake CPU per mail. */
class MailStorageTest extends DatabaseTest {

  @Test
  void theMailColumnsAreStoredOutOfLineUncompressed() {
    List<String> storage = new ArrayList<>();
    pool.query("select c.relname || '.' || a.attname || '=' || a.attstorage::text from pg_attribute a "
            + "join pg_class c on c.oid = a.attrelid where (c.relname, a.attname) in (('raw_message', 'content'), "
            + "('ticket_message', 'body_text'), ('ticket_message', 'reply_text'), ('ticket_message', 'body_html'), "
            + "('outbox', 'body_text'), ('outbox', 'body_html')) order by 1")
        .execute().await().forEach(row -> storage.add(row.getString(0)));

    assertThat(storage).containsExactly("outbox.body_html=e", "outbox.body_text=e", "raw_message.content=e",
        "ticket_message.body_html=e", "ticket_message.body_text=e", "ticket_message.reply_text=e");
  }

  @Test
  void aLongBodyIsKeptWholeAndNotCompressed() {
    pool.query("insert into mailbox (name, address) values ('support', 'support@example.com')").execute().await();
    pool.query("insert into ticket (mailbox_id, subject, status, priority, channel) values (1, 's', 'new', 'normal', "
        + "'email')").execute().await();
    String body = "The printer on the third floor is jammed again. ".repeat(200);
    pool.preparedQuery("insert into ticket_message (ticket_id, mailbox_id, direction, kind, channel, body_text, "
            + "reply_text) values (1, 1, 'inbound', 'customer', 'email', $1, $1)")
        .execute(io.vertx.sqlclient.Tuple.of(body)).await();

    var row = pool.query("select body_text, pg_column_compression(body_text), pg_column_compression(reply_text) "
        + "from ticket_message").execute().await().iterator().next();

    assertThat(row.getString(0)).isEqualTo(body);
    assertThat(row.getString(1)).as("a 9.6 kB body that pglz would have shrunk").isNull();
    assertThat(row.getString(2)).isNull();
  }
}
