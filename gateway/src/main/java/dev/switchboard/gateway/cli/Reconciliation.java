package dev.switchboard.gateway.cli;

import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One mailbox's folder held against the intake ledger: a pure function of the folder's UIDs, the mailbox's stored
 * progress and the ledger rows, so every case is tested without a mail server or a database.
 *
 * @param lines every message in the folder, in UID order
 * @param stuck ledger rows still pending whose UID is no longer in the folder (or under an older UIDVALIDITY)
 */
record Reconciliation(List<Line> lines, List<LedgerEntry> stuck) {
  /** Where one message of the folder stands. */
  enum Status {
    IMPORTED,
    PENDING,
    SET_ASIDE,
    DUPLICATE,
    FAILED,
    /** Not fetched yet: above the mailbox's high-water mark; the gateway fetches it on its next cycle. */
    NEW,
    /** At or below the high-water mark, so the gateway will not fetch it again, yet not in the ledger. */
    UNKNOWN;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Status of(LedgerState s) {
      return switch (s) {
        case IMPORTED -> IMPORTED;
        case PENDING -> PENDING;
        case SET_ASIDE -> SET_ASIDE;
        case DUPLICATE -> DUPLICATE;
        case FAILED -> FAILED;
      };
    }
  }

  /** One folder message; {@code entry} is its ledger row, null for new and unknown ones. */
  record Line(long uid, long size, Status status, LedgerEntry entry) {
    Line {
      Objects.requireNonNull(status, "status");
    }
  }

  Reconciliation {
    lines = List.copyOf(lines);
    stuck = List.copyOf(stuck);
  }

  /**
   * @param folder {uid, size} of every message in the folder
   * @param serverUidValidity the folder's UIDVALIDITY now
   * @param storedUidValidity the UIDVALIDITY the mailbox's progress belongs to, null if never polled
   * @param lastUid the highest UID whose bytes the gateway committed
   * @param ledger ledger rows of the folder's UIDs under {@code serverUidValidity}
   * @param pending every pending ledger row of the mailbox
   */
  static Reconciliation of(List<long[]> folder, long serverUidValidity, Long storedUidValidity, long lastUid,
      List<LedgerEntry> ledger, List<LedgerEntry> pending) {
    // a renumbered folder is read again from the start by the gateway: nothing in it is behind the mark yet
    long mark = storedUidValidity != null && storedUidValidity == serverUidValidity ? lastUid : 0;
    Map<Long, LedgerEntry> byUid = new HashMap<>();
    for (LedgerEntry e : ledger) {
      if (e.uidValidity() == serverUidValidity) {
        byUid.put(e.uid(), e);
      }
    }
    List<Line> lines = new ArrayList<>(folder.size());
    Set<Long> inFolder = new HashSet<>();
    for (long[] m : folder) {
      inFolder.add(m[0]);
      LedgerEntry e = byUid.get(m[0]);
      Status status = e != null ? Status.of(e.state()) : m[0] > mark ? Status.NEW : Status.UNKNOWN;
      lines.add(new Line(m[0], m[1], status, e));
    }
    List<LedgerEntry> stuck = new ArrayList<>();
    for (LedgerEntry e : pending) {
      if (e.uidValidity() != serverUidValidity || !inFolder.contains(e.uid())) {
        stuck.add(e);
      }
    }
    return new Reconciliation(lines, stuck);
  }

  List<Long> unknownUids() {
    return lines.stream().filter(l -> l.status() == Status.UNKNOWN).map(Line::uid).toList();
  }

  Map<Status, Integer> counts() {
    Map<Status, Integer> out = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      out.put(s, 0);
    }
    lines.forEach(l -> out.merge(l.status(), 1, Integer::sum));
    return out;
  }
}
