package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.store.testing.DatabaseTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The intake ledger's states, filters and replay against a real PostgreSQL. */
class LedgerRepositoryTest extends DatabaseTest {
  private static final byte[] BYTES = "Subject: hi\r\n\r\nbody\r\n".getBytes();

  @Test
  void ledgerStateIsDecidedFromStoredStateReasonAndTicket() {
    assertThat(LedgerState.of(RawMessageRepository.State.RECEIVED, null, false)).isEqualTo(LedgerState.PENDING);
    assertThat(LedgerState.of(RawMessageRepository.State.PROCESSED, null, true)).isEqualTo(LedgerState.IMPORTED);
    assertThat(LedgerState.of(RawMessageRepository.State.PROCESSED, "a note", true)).isEqualTo(LedgerState.IMPORTED);
    assertThat(LedgerState.of(RawMessageRepository.State.PROCESSED, "set aside: x", false))
        .isEqualTo(LedgerState.SET_ASIDE);
    assertThat(LedgerState.of(RawMessageRepository.State.FAILED, "boom", true)).isEqualTo(LedgerState.FAILED);
    assertThat(LedgerState.of("set-aside")).isEqualTo(LedgerState.SET_ASIDE);
    assertThat(LedgerState.SET_ASIDE.replayable()).isTrue();
    assertThat(LedgerState.IMPORTED.replayable()).isFalse();
    assertThatThrownBy(() -> LedgerState.of("lost")).hasMessageContaining("set-aside").hasMessageContaining("'lost'");
  }

  @Test
  void listsFiltersAndReplaysSetAsideAndFailedMessagesOnly() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    RawMessageRepository raws = new RawMessageRepository(pool);
    raws.insertAll(mb.id(), 7, List.of(new IncomingRaw(1, BYTES), new IncomingRaw(2, BYTES), new IncomingRaw(3, BYTES),
        new IncomingRaw(4, BYTES))).await();
    List<RawMessage> stored = raws.pending(mb.id(), 10).await();
    long imported = stored.get(0).id();
    long setAside = stored.get(1).id();
    long failed = stored.get(2).id();
    Ticket ticket = new TicketRepository(pool)
        .create(new NewTicket(mb.id(), "Unprocessable message", "new", "normal", null, "email", true, "boom")).await();
    new TicketMessageRepository(pool).insert(new NewTicketMessage(ticket.id(), mb.id(), imported, "inbound",
        "customer", "email", "m1@example.org", null, List.of(), null, null, List.of(), List.of(), "hi", null, null,
        null, null, List.of())).await();
    raws.mark(imported, RawMessageRepository.State.PROCESSED, null).await();
    raws.mark(setAside, RawMessageRepository.State.PROCESSED, "set aside: a bounce").await();
    Ticket quarantine = new TicketRepository(pool)
        .create(new NewTicket(mb.id(), "Unprocessable message", "new", "normal", null, "email", true, "boom")).await();
    new TicketMessageRepository(pool).insert(new NewTicketMessage(quarantine.id(), mb.id(), failed, "inbound",
        "customer", "email", null, null, List.of(), null, null, List.of(), List.of(), "x", null, null, null, null,
        List.of())).await();
    raws.mark(failed, RawMessageRepository.State.FAILED, "processing failed: boom").await();

    LedgerRepository ledger = new LedgerRepository(pool);
    assertThat(ledger.list(new LedgerQuery(null, null, 10, 0)).await()).extracting(LedgerEntry::state)
        .containsExactly(LedgerState.PENDING, LedgerState.FAILED, LedgerState.SET_ASIDE, LedgerState.IMPORTED);
    for (LedgerState s : LedgerState.values()) {
      List<LedgerEntry> only = ledger.list(new LedgerQuery(s, "support", 10, 0)).await();
      assertThat(only).as("filter %s", s).allMatch(e -> e.state() == s);
      assertThat(ledger.count(new LedgerQuery(s, null, 10, 0)).await()).isEqualTo(only.size());
    }
    assertThat(ledger.count(new LedgerQuery(null, "elsewhere", 10, 0)).await()).isZero();
    LedgerEntry importedEntry = ledger.find(imported).await();
    assertThat(importedEntry.ticketNumber()).isEqualTo(ticket.number());
    assertThat(importedEntry.size()).isEqualTo(BYTES.length);

    LedgerEntry refused = pool.withTransaction(tx -> new LedgerRepository(tx).reprocess(imported, "token:ops")).await();
    assertThat(refused.state()).isEqualTo(LedgerState.IMPORTED);
    assertThat(ledger.find(imported).await().state()).isEqualTo(LedgerState.IMPORTED);
    assertThat(pool.withTransaction(tx -> new LedgerRepository(tx).reprocess(99_999, "token:ops")).await()).isNull();

    pool.withTransaction(tx -> new LedgerRepository(tx).reprocess(setAside, "token:ops")).await();
    LedgerEntry failedBefore =
        pool.withTransaction(tx -> new LedgerRepository(tx).reprocess(failed, "token:ops")).await();
    assertThat(failedBefore.ticketNumber()).isEqualTo(quarantine.number());
    LedgerEntry replayed = ledger.find(failed).await();
    assertThat(replayed.state()).isEqualTo(LedgerState.PENDING);
    assertThat(replayed.error()).isNull();
    assertThat(replayed.ticketId()).as("the quarantine ticket lets go of the raw message").isNull();
    assertThat(replayed.reprocessedBy()).isEqualTo("token:ops");
    assertThat(replayed.reprocessCount()).isEqualTo(1);
    assertThat(raws.pending(mb.id(), 10).await()).extracting(RawMessage::id).containsExactly(setAside, failed, stored.get(3).id());
    assertThat(pool.query("select actor from ticket_event where type = 'raw-message-reprocessed' and ticket_id = "
        + quarantine.id()).execute().await().iterator().next().getString(0)).isEqualTo("token:ops");
    assertThat(ledger.byUids(mb.id(), 7, List.of(2L, 3L, 9L)).await()).extracting(LedgerEntry::uid)
        .containsExactly(2L, 3L);
    assertThat(ledger.pending(mb.id()).await()).hasSize(3);
  }
}
