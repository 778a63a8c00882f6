package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.errors.SwitchboardException;
import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large raw messages in chunk rows, against a real PostgreSQL. */
class ChunkedRawStoreTest extends DatabaseTest {
  private static final int MB = 1024 * 1024;

  @Test
  void largeMessageIsStoredFromAFileInChunksAndReadsBackByteIdentical(@TempDir Path dir) throws Exception {
    byte[] bytes = random(3 * MB + 4321, 5);
    Path file = Files.write(dir.resolve("raw.eml"), bytes);
    long mailbox = mailbox();

    boolean stored = pool.withTransaction(tx -> new ChunkedRawStore(tx)
        .insert(mailbox, 7, 42, bytes.length, BlobSource.of(vertx, file))).await();

    assertThat(stored).isTrue();
    assertThat(count("select count(*) from raw_message_chunk")).isEqualTo(4);
    assertThat(count("select max(length(data)) from raw_message_chunk")).isEqualTo(ChunkedRawStore.CHUNK_BYTES);
    // the row the intake's pending query reads has an empty content and the size of the whole
    RawMessage raw = new RawMessageRepository(pool).pending(mailbox, 10).await().get(0);
    assertThat(raw.content()).isEmpty();
    assertThat(raw.uid()).isEqualTo(42);
    assertThat(count("select size from raw_message")).isEqualTo(bytes.length);

    Buffer streamed = Buffer.buffer();
    new ChunkedRawStore(pool).stream(raw.id(), chunk -> {
      streamed.appendBuffer(chunk);
      return Future.succeededFuture();
    }).await();
    assertThat(streamed.getBytes()).isEqualTo(bytes);

    ChunkedRawStore.ChunkStream in = new ChunkedRawStore(pool).inputStream(raw.id());
    byte[] read = vertx.executeBlocking(() -> readAll(in)).await();
    assertThat(read).isEqualTo(bytes);
    assertThat(in.failure()).isNull();
  }

  @Test
  void theSameUidIsStoredOnceAndItsContentNotReadAgain(@TempDir Path dir) throws Exception {
    byte[] bytes = random(MB + 1, 9);
    Path file = Files.write(dir.resolve("raw.eml"), bytes);
    long mailbox = mailbox();
    ChunkedRawStore store = new ChunkedRawStore(pool);
    assertThat(store.insert(mailbox, 7, 1, bytes.length, BlobSource.of(vertx, file)).await()).isTrue();

    boolean again = store.insert(mailbox, 7, 1, bytes.length, () -> {
      throw new AssertionError("content of a message already stored was read");
    }).await();

    assertThat(again).isFalse();
    assertThat(count("select count(*) from raw_message")).isEqualTo(1);
    assertThat(count("select count(*) from raw_message_chunk")).isEqualTo(2);
  }

  @Test
  void contentThatDoesNotMatchItsSizeIsRejectedAndNothingIsStored() {
    long mailbox = mailbox();

    Throwable error = catchThrowable(() -> pool.withTransaction(tx -> new ChunkedRawStore(tx)
        .insert(mailbox, 7, 1, 10, BlobSource.of("only nine".getBytes()))).await());

    assertThat(error).isInstanceOf(SwitchboardException.class).hasMessageContaining("expected 10, read 9");
    assertThat(((SwitchboardException) error).isTransient()).isFalse();
    assertThat(count("select count(*) from raw_message")).isZero();
    assertThat(count("select count(*) from raw_message_chunk")).isZero();
  }

  @Test
  void aMessageStoredWholeHasNoChunks() {
    long mailbox = mailbox();
    new RawMessageRepository(pool).insertAll(mailbox, 7, List.of(new IncomingRaw(1, "Subject: hi\r\n\r\nhi".getBytes())))
        .await();
    long id = count("select id from raw_message");

    ChunkedRawStore.ChunkStream in = new ChunkedRawStore(pool).inputStream(id);
    assertThat(vertx.executeBlocking(() -> readAll(in)).await()).isEmpty();
  }

  private static byte[] readAll(InputStream in) throws Exception {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static long mailbox() {
    return new MailboxRepository(pool).upsert("support", "support@example.com").await().id();
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      b[i] = (byte) r.nextInt(256);
    }
    return b;
  }

  private static int count(String sql) {
    return pool.query(sql).execute().await().iterator().next().getInteger(0);
  }
}
