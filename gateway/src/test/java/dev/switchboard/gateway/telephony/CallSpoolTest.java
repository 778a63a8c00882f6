package dev.switchboard.gateway.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallSpoolTest {
  @TempDir
  Path dir;

  private static JsonObject call(String id) {
    return new JsonObject().put("callId", id).put("note", "line\nbreak");
  }

  private static List<String> ids(CallSpool.Batch batch) {
    return batch.calls().stream().map(c -> c.getString("callId")).toList();
  }

  @Test
  void callsComeBackInTheOrderTheyWereSpooledAndTheFileEmptiesWhenRead() throws Exception {
    CallSpool spool = new CallSpool(dir.resolve("spool"), "office");
    assertThat(spool.open()).isZero();
    assertThat(Files.exists(spool.file())).as("nothing written before the first call").isFalse();

    spool.append(List.of(call("a"), call("b")));
    spool.append(List.of(call("c")));

    CallSpool.Batch first = spool.read(2);
    assertThat(ids(first)).containsExactly("a", "b");
    assertThat(first.calls().get(0).getString("note")).isEqualTo("line\nbreak");
    spool.consumed(first.end());
    spool.append(List.of(call("d")));
    CallSpool.Batch rest = spool.read(10);
    assertThat(ids(rest)).containsExactly("c", "d");
    spool.consumed(rest.end());

    assertThat(Files.size(spool.file())).as("emptied once every call is journaled").isZero();
    assertThat(spool.read(10).lines()).isZero();
  }

  @Test
  void olderCallsFromMemoryGoAheadOfTheUnreadRest() throws Exception {
    CallSpool spool = new CallSpool(dir, "office");
    spool.open();
    spool.append(List.of(call("x"), call("c"), call("d")));
    spool.consumed(spool.read(1).end());

    spool.prepend(List.of(call("a"), call("b")));

    assertThat(ids(spool.read(10))).containsExactly("a", "b", "c", "d");
  }

  @Test
  void spoolSurvivesARestartAndAnIncompleteLastLineIsCutOff() throws Exception {
    CallSpool before = new CallSpool(dir, "office");
    before.open();
    before.append(List.of(call("a"), call("b")));
    before.consumed(before.read(1).end());
    // a crash in the middle of a write: half a line, never counted as spooled
    Files.writeString(before.file(), "{\"callId\":\"tr", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    CallSpool after = new CallSpool(dir, "office");
    assertThat(after.open()).as("lines waiting after the restart, read ones included").isEqualTo(2);
    after.append(List.of(call("c")));

    assertThat(ids(after.read(10))).as("replayed from the start; the journal ignores what it has")
        .containsExactly("a", "b", "c");
  }

  @Test
  void unreadableLineIsSkippedNotFatal() throws Exception {
    CallSpool spool = new CallSpool(dir, "office");
    spool.open();
    spool.append(List.of(call("a")));
    Files.writeString(spool.file(), "not json\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    spool.append(List.of(call("b")));

    CallSpool.Batch batch = spool.read(10);
    assertThat(ids(batch)).containsExactly("a", "b");
    assertThat(batch.lines()).isEqualTo(3);
  }
}
