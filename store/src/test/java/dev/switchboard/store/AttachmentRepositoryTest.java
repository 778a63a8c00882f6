package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Chunked attachment storage against a real PostgreSQL. */
class AttachmentRepositoryTest extends DatabaseTest {
  private static final int MB = 1024 * 1024;
  @Test
  void fiftyMegabyteAttachmentIsStoredInChunksAndStreamsBackByteIdentical() throws Exception {
    long size = 50L * MB + 12_345;
    Generated content = new Generated(size, 42);
    long messageId = newMessage();

    long id =
        pool.withTransaction(tx -> new AttachmentRepository(tx).insert(messageId, attachment("big.bin", content)))
            .await();

    MessageDigest back = MessageDigest.getInstance("SHA-256");
    AtomicLong read = new AtomicLong();
    AtomicInteger largestChunk = new AtomicInteger();
    new AttachmentRepository(pool)
        .stream(content.sha256, chunk -> {
          back.update(chunk.getBytes());
          read.addAndGet(chunk.length());
          largestChunk.accumulateAndGet(chunk.length(), Math::max);
          return Future.succeededFuture();
        })
        .await();
    assertThat(read.get()).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(content.sha256);
    assertThat(largestChunk.get()).isEqualTo(AttachmentRepository.CHUNK_BYTES);
    assertThat(chunkRows(content.sha256)).isEqualTo(51);
    assertThat(content.maxRequested).as("no read asked for more than one chunk").isEqualTo(MB);
    AttachmentInfo info = new AttachmentRepository(pool).byMessages(List.of(messageId)).await().get(0);
    assertThat(info.id()).isEqualTo(id);
    assertThat(info.stored()).isTrue();
    assertThat(info.size()).isEqualTo(size);
  }

  @Test
  void identicalAttachmentsShareOneBlob() {
    Generated content = new Generated(3L * MB, 7);
    long first = newMessage();
    long second = newMessage();
    pool.withTransaction(tx -> {
          AttachmentRepository repo = new AttachmentRepository(tx);
          return repo.insert(first, attachment("a.pdf", content))
              .compose(v -> repo.insert(first, attachment("copy of a.pdf", content)));
        })
        .await();
    pool.withTransaction(tx -> new AttachmentRepository(tx).insert(second, attachment("again.pdf", content))).await();

    assertThat(count("select count(*) from attachment_blob")).isEqualTo(1);
    assertThat(chunkRows(content.sha256)).isEqualTo(3);
    assertThat(content.opened).as("content read only for the first copy").isEqualTo(1);
    List<AttachmentInfo> all = new AttachmentRepository(pool).byMessages(List.of(first, second)).await();
    assertThat(all).extracting(AttachmentInfo::sha256).containsOnly(content.sha256).hasSize(3);
  }

  @Test
  void droppedAttachmentIsRecordedWithoutContent() {
    long messageId = newMessage();
    new AttachmentRepository(pool)
        .insert(messageId, new NewAttachment("huge.iso", "application/octet-stream", 900L * MB, false, null, null, null))
        .await();

    AttachmentInfo info = new AttachmentRepository(pool).byMessages(List.of(messageId)).await().get(0);
    assertThat(info.stored()).isFalse();
    assertThat(info.size()).isEqualTo(900L * MB);
    assertThat(count("select count(*) from attachment_blob")).isZero();
  }

  @Test
  void contentThatDoesNotMatchItsDigestIsRejectedAndNothingIsStored() {
    long messageId = newMessage();
    NewAttachment lying =
        new NewAttachment("x.txt", "text/plain", 5, false, null, "00".repeat(32), BlobSource.of("hello".getBytes()));

    Throwable error =
        catchThrowable(() -> pool.withTransaction(tx -> new AttachmentRepository(tx).insert(messageId, lying)).await());

    assertThat(error).isInstanceOf(SwitchboardException.class).hasMessageContaining("does not match");
    assertThat(((SwitchboardException) error).isTransient()).isFalse();
    assertThat(count("select count(*) from attachment_chunk")).isZero();
    assertThat(count("select count(*) from attachment_blob")).isZero();
  }

  @Test
  void smallContentReadsBackWhole() {
    long messageId = newMessage();
    byte[] bytes = "tiny".getBytes();
    String sha = sha256(bytes);
    new AttachmentRepository(pool)
        .insert(messageId, new NewAttachment("t.txt", "text/plain", 4, false, null, sha, BlobSource.of(bytes)))
        .await();

    assertThat(new AttachmentRepository(pool).content(sha).await()).isEqualTo(bytes);
    assertThat(new AttachmentRepository(pool).content("ff".repeat(32)).await()).isNull();
  }

  private static NewAttachment attachment(String name, Generated content) {
    return new NewAttachment(name, "application/octet-stream", content.size, false, null, content.sha256, content);
  }

  private static long newMessage() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t =
        new TicketRepository(pool)
            .create(new NewTicket(mb.id(), "Logs attached", "new", "normal", null, "email", false, null))
            .await();
    return new TicketMessageRepository(pool)
        .insert(new NewTicketMessage(t.id(), mb.id(), null, "inbound", "customer", "email", null, null, List.of(),
            "jane@example.org", "Jane", List.of(), List.of(), "Logs attached", "see attachment", "see attachment",
            null, "human", List.of()))
        .await();
  }

  private static int chunkRows(String sha256) {
    return count("select count(*) from attachment_chunk where sha256 = '" + sha256 + "'");
  }

  private static int count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getInteger(0);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Pseudo-random content produced on demand, so the test itself never holds it whole. */
  private static final class Generated implements BlobSource {
    final long size;
    final long seed;
    final String sha256;
    int opened;
    int maxRequested;

    Generated(long size, long seed) {
      this.size = size;
      this.seed = seed;
      try {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        Reader r = reader();
        for (Buffer b = r.next(MB).result(); b.length() > 0; b = r.next(MB).result()) {
          d.update(b.getBytes());
        }
        this.sha256 = HexFormat.of().formatHex(d.digest());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Reader open() {
      opened++;
      return reader();
    }

    private Reader reader() {
      SplittableRandom random = new SplittableRandom(seed);
      return new Reader() {
        long remaining = size;

        @Override
        public Future<Buffer> next(int maxBytes) {
          maxRequested = Math.max(maxRequested, maxBytes);
          byte[] b = new byte[(int) Math.min(maxBytes, remaining)];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
          }
          remaining -= b.length;
          return Future.succeededFuture(Buffer.buffer(b));
        }

        @Override
        public void close() {}
      };
    }
  }
}
