package dev.switchboard.gateway.intake;

import dev.switchboard.gateway.mail.FetchedBatch;
import dev.switchboard.gateway.mail.FetchedMessage;
import dev.switchboard.store.BlobSource;
import dev.switchboard.store.ChunkedRawStore;
import dev.switchboard.store.IncomingRaw;
import dev.switchboard.store.MailboxRepository;
import dev.switchboard.store.RawMessage;
import dev.switchboard.store.RawMessageRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The first step of the pipeline: fetched raw bytes and the mailbox's new UID high-water mark, committed in one
 * transaction before anything touches the mailbox. A crash after it leaves pending work the next cycle finds; a crash
 * before it leaves the UIDs unfetched.
 */
final class RawCommit {
  private final Vertx vertx;
  private final Pool pool;

  RawCommit(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  /**
   * Commits fetched raw bytes and advances the mailbox's UID high-water mark, atomically; returns the messages it
   * stored, in id order, for {@link MailIntake#process}. Messages stored before (a re-fetch) are not returned.
   */
  Future<List<CommittedMail>> commit(MailboxContext mailbox, FetchedBatch batch) {
    if (batch.messages().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<IncomingRaw> raws = new ArrayList<>(batch.messages().size());
    List<FetchedMessage> spooled = new ArrayList<>();
    for (FetchedMessage m : batch.messages()) {
      if (m.spooled()) {
        spooled.add(m);
      } else {
        raws.add(new IncomingRaw(m.uid(), m.content()));
      }
    }
    List<CommittedMail> committed = new ArrayList<>(batch.messages().size());
    return pool.withTransaction(
            tx ->
                new RawMessageRepository(tx)
                    .store(mailbox.id(), batch.uidValidity(), raws)
                    .compose(stored -> {
                      stored.forEach(r -> committed.add(new CommittedMail(r, null)));
                      return commitSpooled(tx, mailbox, batch.uidValidity(), spooled, 0, committed);
                    })
                    .compose(v -> new MailboxRepository(tx)
                        .saveProgress(mailbox.id(), batch.uidValidity(), batch.highestUid())))
        .map(v -> {
          committed.sort(Comparator.comparingLong(c -> c.raw().id()));
          return committed;
        });
  }

  /**
   * Large messages (over {@code imap.largeMessageBytes}) arrive in temporary files and are streamed from there into
   * chunk rows, in the same transaction as the rest of the batch; the caller deletes the files once processed.
   */
  private Future<Void> commitSpooled(SqlClient tx, MailboxContext mailbox, long uidValidity, List<FetchedMessage> spooled,
      int index, List<CommittedMail> committed) {
    if (index == spooled.size()) {
      return Future.succeededFuture();
    }
    FetchedMessage m = spooled.get(index);
    return vertx.executeBlocking(m::size, false)
        .compose(size -> new ChunkedRawStore(tx).store(mailbox.id(), uidValidity, m.uid(), size,
            BlobSource.of(vertx, m.spool())))
        .compose(id -> {
          if (id != null) {
            committed.add(new CommittedMail(new RawMessage(id, mailbox.id(), uidValidity, m.uid(), new byte[0]),
                m.spool()));
          }
          return commitSpooled(tx, mailbox, uidValidity, spooled, index + 1, committed);
        });
  }
}
