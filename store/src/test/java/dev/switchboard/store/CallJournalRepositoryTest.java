package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The call journal against a real PostgreSQL: idempotent appends, filing order, filed and failed entries leave. */
class CallJournalRepositoryTest extends DatabaseTest {
  private static JsonObject call(String id) {
    return new JsonObject().put("callId", id).put("disposition", "MISSED");
  }

  @Test
  void appendsOnceInOrderAndFilingTakesEntriesOut() {
    CallJournalRepository journal = new CallJournalRepository(pool);
    journal.append("office", List.of("c.2", "c.1"), List.of(call("c.2"), call("c.1"))).await();
    journal.append("office", List.of("c.1", "c.3"), List.of(call("c.1"), call("c.3"))).await();
    journal.append("branch", List.of("c.1"), List.of(call("c.1"))).await();

    List<JournaledCall> office = journal.unfiled("office", 10).await();
    assertThat(office).extracting(JournaledCall::linkedid).as("journal order, c.1 once").containsExactly("c.2", "c.1", "c.3");
    assertThat(office.get(1).record()).isEqualTo(call("c.1"));
    assertThat(journal.unfiled("office", 2).await()).hasSize(2);

    journal.markFiled("office", "c.2").await();
    journal.markFailed("office", "c.1", "journal entry unreadable").await();
    assertThat(journal.unfiled("office", 10).await()).extracting(JournaledCall::linkedid).containsExactly("c.3");
    assertThat(journal.unfiled("branch", 10).await()).extracting(JournaledCall::linkedid).containsExactly("c.1");
    assertThat(pool.query("select failure from call_journal where pbx = 'office' and linkedid = 'c.1'").execute()
        .await().iterator().next().getString(0)).isEqualTo("journal entry unreadable");
  }
}
