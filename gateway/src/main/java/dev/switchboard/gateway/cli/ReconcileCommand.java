package dev.switchboard.gateway.cli;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.gateway.config.MailboxOptions;
import dev.switchboard.gateway.config.SwitchboardConfig;
import dev.switchboard.gateway.mail.FetchedMessage;
import dev.switchboard.gateway.mail.ImapSession;
import dev.switchboard.store.BlobSource;
import dev.switchboard.store.ChunkedRawStore;
import dev.switchboard.store.Database;
import dev.switchboard.store.IncomingRaw;
import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerRepository;
import dev.switchboard.store.Mailbox;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.Migrations;
import dev.switchboard.store.RawMessageRepository;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard reconcile}: every message in each watched folder against the intake ledger. With {@code --fix},
 * messages the gateway will never fetch again (behind its high-water mark, yet not in the ledger) are fetched and
 * committed as pending, exactly as the gateway commits them; the gateway files them on its next cycle (or start).
 */
@Command(
    name = "reconcile",
    description = {
        "Compare each watched IMAP folder with the intake ledger: imported (ticket), pending, set-aside, duplicate, "
            + "failed, new (not fetched yet) or unknown (behind the mailbox's progress but not in the database).",
        "Exit code 0 when every message is accounted for, " + ReconcileCommand.EXIT_UNACCOUNTED
            + " when some are unknown (after --fix: when some could not be fetched again)."})
final class ReconcileCommand implements Callable<Integer> {
  static final int EXIT_UNACCOUNTED = 3;
  private static final int FETCH_CHUNK = 50;

  @Option(names = {"-c", "--config"}, required = true, description = "YAML or JSON config file")
  Path config;

  @Option(names = "--mailbox", description = "only this mailbox (its name in the config); default: all")
  String mailbox;

  @Option(names = "--fix", description = "fetch unknown messages again and commit them as pending; safe to repeat "
      + "and to run beside a running gateway (a message already stored is skipped, a Message-ID already imported "
      + "becomes a duplicate, not a second ticket)")
  boolean fix;

  @Override
  public Integer call() {
    SwitchboardConfig cfg = Cli.loadConfig(config);
    List<MailboxOptions> chosen = cfg.mailboxes().stream()
        .filter(m -> mailbox == null || m.name().equals(mailbox)).toList();
    if (chosen.isEmpty()) {
      throw SwitchboardException.permanent(mailbox == null ? "the config watches no mailbox"
          : "no mailbox named '" + mailbox + "' in " + config);
    }
    PrintStream out = System.out;
    int unaccounted = 0;
    try (Database db = Cli.openDatabase(cfg)) {
      Migrations.migrate(db.connection());
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
            .connectingTo(db.connection().writableServer(vertx)).using(vertx).build();
        try {
          for (MailboxOptions m : chosen) {
            unaccounted += reconcile(m, vertx, pool, out);
          }
        } finally {
          pool.close().await();
        }
      } finally {
        vertx.close().await();
      }
    }
    return unaccounted == 0 ? 0 : EXIT_UNACCOUNTED;
  }

  /** Reports one mailbox; returns how many of its messages stay unaccounted for. */
  private int reconcile(MailboxOptions options, Vertx vertx, Pool pool, PrintStream out) {
    Mailbox stored = new MailboxRepository(pool).findByName(options.name()).await();
    try (ImapSession session = new ImapSession(options)) {
      session.open();
      long validity = session.uidValidity();
      List<long[]> folder = session.listAll();
      LedgerRepository ledger = new LedgerRepository(pool);
      List<LedgerEntry> entries = stored == null ? List.of()
          : ledger.byUids(stored.id(), validity, folder.stream().map(u -> u[0]).toList()).await();
      List<LedgerEntry> pending = stored == null ? List.of() : ledger.pending(stored.id()).await();
      Reconciliation r = Reconciliation.of(folder, validity, stored == null ? null : stored.uidValidity(),
          stored == null ? 0 : stored.lastUid(), entries, pending);
      print(options, validity, stored, r, out);
      List<Long> unknown = r.unknownUids();
      if (!fix || unknown.isEmpty()) {
        return unknown.size();
      }
      int committed = commitAgain(session, vertx, pool, stored, validity, unknown, folder, options.imap().largeMessageBytes());
      out.printf("fixed mailbox=%s fetchedAgain=%d of %d; they are pending now and the gateway files them on its "
          + "next cycle%n", options.name(), committed, unknown.size());
      return unknown.size() - committed;
    }
  }

  /** Fetches the unknown UIDs and commits them the way the gateway does; a row that appeared meanwhile stays. */
  private static int commitAgain(ImapSession session, Vertx vertx, Pool pool, Mailbox stored, long validity, List<Long> uids,
      List<long[]> folder, long largeMessageBytes) {
    int committed = 0;
    // large messages the way the gateway commits them: fetched in parts to a file, stored in chunks
    Set<Long> large = new HashSet<>();
    folder.stream().filter(u -> u[1] > largeMessageBytes).forEach(u -> large.add(u[0]));
    for (long uid : uids.stream().filter(large::contains).toList()) {
      FetchedMessage m = session.spool(uid);
      if (m == null) {
        continue;
      }
      try {
        new ChunkedRawStore(pool).insert(stored.id(), validity, uid, m.size(), BlobSource.of(vertx, m.spool())).await();
        committed++;
      } finally {
        m.discard();
      }
    }
    List<Long> small = uids.stream().filter(u -> !large.contains(u)).toList();
    RawMessageRepository raws = new RawMessageRepository(pool);
    for (int from = 0; from < small.size(); from += FETCH_CHUNK) {
      List<FetchedMessage> fetched = session.fetch(small.subList(from, Math.min(small.size(), from + FETCH_CHUNK)));
      List<IncomingRaw> batch = new ArrayList<>(fetched.size());
      fetched.forEach(f -> batch.add(new IncomingRaw(f.uid(), f.content())));
      raws.insertAll(stored.id(), validity, batch).await();
      committed += batch.size();
    }
    return committed;
  }

  private static void print(MailboxOptions options, long validity, Mailbox stored, Reconciliation r, PrintStream out) {
    out.printf("mailbox %s folder=%s uidValidity=%d storedUidValidity=%s lastUid=%s%n", options.name(),
        options.imap().folder(), validity, stored == null ? "-" : String.valueOf(stored.uidValidity()),
        stored == null ? "-" : String.valueOf(stored.lastUid()));
    out.printf("%-10s %-10s %-8s %-8s %s%n", "UID", "STATE", "TICKET", "RAW ID", "REASON");
    for (Reconciliation.Line l : r.lines()) {
      LedgerEntry e = l.entry();
      out.printf("%-10d %-10s %-8s %-8s %s%n", l.uid(), l.status().label(),
          e == null || e.ticketNumber() == null ? "-" : "#" + e.ticketNumber(), e == null ? "-" : e.id(),
          e == null || e.error() == null ? "" : oneLine(e.error()));
    }
    for (LedgerEntry e : r.stuck()) {
      out.printf("stuck pending rawId=%d uidValidity=%d uid=%d receivedAt=%s (not in the folder any more; the gateway "
          + "files it on its next cycle)%n", e.id(), e.uidValidity(), e.uid(), e.receivedAt().toInstant());
    }
    StringBuilder summary = new StringBuilder("summary mailbox=" + options.name() + " inFolder=" + r.lines().size());
    for (Map.Entry<Reconciliation.Status, Integer> c : r.counts().entrySet()) {
      summary.append(' ').append(c.getKey().label()).append('=').append(c.getValue());
    }
    out.println(summary.append(" stuckPending=").append(r.stuck().size()));
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ");
  }
}
