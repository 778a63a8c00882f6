package dev.switchboard.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerState;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The folder-against-ledger decision, without a mail server or a database. */
class ReconciliationTest {
  private static LedgerEntry entry(long id, long validity, long uid, LedgerState state, Long ticket) {
    return new LedgerEntry(id, 1, "support", validity, uid, 10, OffsetDateTime.now(), null, state, null, null, ticket,
        null, null, 0);
  }

  @Test
  void aUidBehindTheMarkWithoutARowIsUnknownAndOneAboveItIsNew() {
    List<long[]> folder = List.of(new long[] {1, 10}, new long[] {2, 10}, new long[] {3, 10}, new long[] {5, 10});
    List<LedgerEntry> ledger = List.of(entry(11, 7, 1, LedgerState.IMPORTED, 1001L),
        entry(13, 7, 3, LedgerState.SET_ASIDE, null));
    Reconciliation r = Reconciliation.of(folder, 7, 7L, 4, ledger, List.of());

    assertThat(r.lines()).extracting(Reconciliation.Line::status).containsExactly(Reconciliation.Status.IMPORTED,
        Reconciliation.Status.UNKNOWN, Reconciliation.Status.SET_ASIDE, Reconciliation.Status.NEW);
    assertThat(r.unknownUids()).containsExactly(2L);
    assertThat(r.counts().get(Reconciliation.Status.NEW)).isEqualTo(1);
  }

  @Test
  void aRenumberedOrNeverPolledFolderHasNothingUnknown() {
    List<long[]> folder = List.of(new long[] {1, 10}, new long[] {2, 10});
    assertThat(Reconciliation.of(folder, 8, 7L, 100, List.of(), List.of()).unknownUids()).isEmpty();
    assertThat(Reconciliation.of(folder, 8, null, 0, List.of(), List.of()).lines())
        .allMatch(l -> l.status() == Reconciliation.Status.NEW);
  }

  @Test
  void pendingRowsOutsideTheFolderAreReportedAsStuck() {
    List<long[]> folder = List.of(new long[] {4, 10});
    LedgerEntry inFolder = entry(14, 7, 4, LedgerState.PENDING, null);
    LedgerEntry moved = entry(12, 7, 2, LedgerState.PENDING, null);
    LedgerEntry oldValidity = entry(9, 6, 4, LedgerState.PENDING, null);
    Reconciliation r = Reconciliation.of(folder, 7, 7L, 4, List.of(inFolder), List.of(oldValidity, moved, inFolder));

    assertThat(r.lines()).extracting(Reconciliation.Line::status).containsExactly(Reconciliation.Status.PENDING);
    assertThat(r.stuck()).containsExactly(oldValidity, moved);
  }
}
