package dev.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.telephony.testing.AmiReplayServer;
import dev.switchboard.telephony.testing.CallReplay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.manager.AuthenticationFailedException;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.event.ManagerEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole AMI path over a real socket: Asterisk-Java's ManagerConnection logs in to {@link AmiReplayServer}, its
 * listener hands events to {@link AmiEventMapper}, {@link CallCorrelator} turns them into calls.
 */
@Timeout(30)
class ManagerConnectionReplayTest {

  /** Asterisk-Java calls listeners on its own thread; the correlator runs on the test thread, as on an event loop. */
  private final BlockingQueue<ManagerEvent> received = new LinkedBlockingQueue<>();

  private ManagerConnection connect(AmiReplayServer pbx, String secret) {
    ManagerConnection connection =
        new ManagerConnectionFactory(pbx.host(), pbx.port(), "gateway", secret).createManagerConnection();
    connection.addEventListener(received::add);
    return connection;
  }

  /** Feeds received events to the correlator until {@code count} calls finished or the wait runs out. */
  private List<CallRecord> calls(int count, Duration wait) throws InterruptedException {
    CallReplay replay = new CallReplay(CallReplay.CORPUS_SETTINGS);
    long deadline = System.nanoTime() + wait.toNanos();
    while (replay.records().size() < count && System.nanoTime() < deadline) {
      ManagerEvent event = received.poll(50, TimeUnit.MILLISECONDS);
      if (event != null) {
        replay.feed(event);
      }
    }
    return replay.records();
  }

  @Test
  void threeTranscriptsInSequenceBecomeTheirThreeCalls() throws Exception {
    try (AmiReplayServer pbx = AmiReplayServer.builder()
        .transcripts("answered", "queue-abandoned", "voicemail-noanswer")
        .build()
        .start()) {
      ManagerConnection connection = connect(pbx, "s3cret");
      connection.login();
      try {
        assertThat(connection.getState()).isEqualTo(ManagerConnectionState.CONNECTED);
        assertThat(pbx.awaitReplayed(Duration.ofSeconds(10))).as("all frames written").isTrue();

        List<CallRecord> calls = calls(3, Duration.ofSeconds(10));

        assertThat(calls).extracting(CallRecord::disposition)
            .containsExactly(Disposition.ANSWERED, Disposition.ABANDONED, Disposition.VOICEMAIL);
        assertThat(calls.get(0).answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
        assertThat(calls.get(0).talkSeconds()).isCloseTo(8, within(1L));
        assertThat(calls.get(1).queue()).isEqualTo("billing");
        assertThat(calls.get(2).voicemailBox()).isEqualTo("2002@helpdesk");
        assertThat(pbx.actions()).startsWith("Challenge", "Login", "CoreSettings");
      } finally {
        connection.logoff();
      }
    }
  }

  @Test
  void queueAndTransferCallsSurviveAGarbledFrameOnTheWire() throws Exception {
    try (AmiReplayServer pbx = AmiReplayServer.builder()
        .transcripts("queue-answered", "transfer-blind")
        .garbledFrameAfter(40)
        .build()
        .start()) {
      ManagerConnection connection = connect(pbx, "s3cret");
      connection.login();
      try {
        List<CallRecord> calls = calls(2, Duration.ofSeconds(10));

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).queue()).isEqualTo("support");
        assertThat(calls.get(0).answeredBy()).isEqualTo(new AgentRef("2001", "Alice Agent"));
        assertThat(calls.get(1).transfers()).extracting(Transfer::to).containsExactly("2004");
      } finally {
        connection.logoff();
      }
    }
  }

  @Test
  void droppedConnectionIsReconnectedByAsteriskJavaAndTheCallStillCorrelates() throws Exception {
    try (AmiReplayServer pbx = AmiReplayServer.builder()
        .transcripts("missed-noanswer")
        .dropConnectionAfter(30)
        .build()
        .start()) {
      ManagerConnection connection = connect(pbx, "s3cret");
      connection.login();
      try {
        List<CallRecord> calls = calls(1, Duration.ofSeconds(20));

        assertThat(pbx.connectionCount()).as("connections accepted").isEqualTo(2);
        assertThat(calls).singleElement().satisfies(call -> {
          assertThat(call.disposition()).isEqualTo(Disposition.MISSED);
          assertThat(call.ringSeconds()).isCloseTo(10, within(1L));
        });
      } finally {
        connection.logoff();
      }
    }
  }

  @Test
  void wrongSecretFailsLoginWithAuthenticationFailed() throws Exception {
    try (AmiReplayServer pbx = AmiReplayServer.builder().transcripts("answered").build().start()) {
      ManagerConnection connection = connect(pbx, "not-the-secret");

      assertThatThrownBy(connection::login)
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessageContaining("Authentication failed");
      assertThat(connection.getState()).isNotEqualTo(ManagerConnectionState.CONNECTED);
      assertThat(received.stream().map(e -> e.getClass().getSimpleName()).toList())
          .doesNotContain("NewChannelEvent");
    }
  }
}
