package dev.switchboard.gateway.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.gateway.outgoing.OutgoingMail.Kind;
import dev.switchboard.store.NewOutboxMail;
import dev.switchboard.store.NewTicketMessage;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The header fields of one mail of each kind, as its sender builds it, against {@code outgoing/<kind>.expected}. A
 * missing golden file is written and the test fails: a new kind means reviewing its headers once.
 */
class OutgoingMailGoldenTest {
  private static final Path DIR = Path.of("src", "test", "resources", "outgoing");
  private static final long MAILBOX = 7;
  private static final String SUPPORT = "Support@Example.com";
  private static final JsonObject REPLY_TO = new JsonObject().put("Reply-To", "support+t1042.k3y@example.com");

  /** One mail per kind, built with the same calls as the code that sends it. */
  private static Map<Kind, OutgoingMail> samples() {
    Map<Kind, OutgoingMail> m = new EnumMap<>(Kind.class);
    List<String> conversation = List.of("first@requester.example.org", "sb.1042.aa@example.com");
    m.put(Kind.ACKNOWLEDGMENT, OutgoingMail.builder(Kind.ACKNOWLEDGMENT, MAILBOX, SUPPORT)
        .messageId("sb.1042.ack@example.com")
        .fromName("Example IT")
        .ticket(11, 1042)
        .to(List.of("Alice@Requester.example.org"))
        .subject("[#1042] Printer on fire")
        .answering("first@requester.example.org", List.of())
        .headers(REPLY_TO)
        .body("We have your request.")
        .build());
    m.put(Kind.AGENT_REPLY, OutgoingMail.builder(Kind.AGENT_REPLY, MAILBOX, SUPPORT)
        .messageId("sb.1042.reply@example.com")
        .fromName("Bob Agent via Example IT")
        .ticket(11, 1042)
        .to(List.of("alice@requester.example.org"))
        .cc(List.of("carol@requester.example.org"))
        .subject("[#1042] Printer on fire")
        .inConversation(conversation)
        .headers(REPLY_TO)
        .body("Please try turning it off.")
        .build());
    m.put(Kind.AGENT_NOTICE, OutgoingMail.builder(Kind.AGENT_NOTICE, MAILBOX, SUPPORT)
        .messageId("sb.1042.notice@example.com")
        .fromName("Example IT")
        .to(List.of("bob@example.com"))
        .subject("[#1042] Printer on fire (coordinator)")
        .answering("bob-reply@example.com", List.of("sb.1042.aa@example.com"))
        .ticket(11, 1042)
        .headers(new JsonObject().put("Reply-To", "support+c1042.b0b@example.com"))
        .body("#stauts is not a command.")
        .build());
    m.put(Kind.STATUS_UPDATE, OutgoingMail.builder(Kind.STATUS_UPDATE, MAILBOX, SUPPORT)
        .messageId("sb.1042.status@example.com")
        .fromName("Example IT")
        .ticket(11, 1042)
        .to(List.of("alice@requester.example.org"))
        .subject("[#1042] Printer on fire")
        .inConversation(conversation)
        .headers(REPLY_TO)
        .body("Your request is resolved.")
        .build());
    m.put(Kind.WAITING_REMINDER, OutgoingMail.builder(Kind.WAITING_REMINDER, MAILBOX, SUPPORT)
        .messageId("sb.1042.reminder@example.com")
        .fromName("Example IT")
        .ticket(11, 1042)
        .to(List.of("alice@requester.example.org"))
        .subject("[#1042] Printer on fire")
        .inConversation(conversation)
        .body("We are waiting for your answer.")
        .build());
    m.put(Kind.COORDINATOR_NOTIFICATION, OutgoingMail.builder(Kind.COORDINATOR_NOTIFICATION, MAILBOX, SUPPORT)
        .messageId("sb.n.1042.bob.5@example.com")
        .fromName("Example IT")
        .ticket(11, 1042)
        .to(List.of("bob@example.com"))
        .subject("[#1042] Printer on fire (coordinator)")
        .answering("sb.n.1042.bob@example.com", List.of())
        .header("X-Switchboard-Notification", "new-ticket")
        .headers(new JsonObject().put("Reply-To", "support+c1042.b0b@example.com"))
        .body("New ticket.")
        .build());
    m.put(Kind.RECEIPT, OutgoingMail.builder(Kind.RECEIPT, MAILBOX, SUPPORT)
        .messageId("sb.1042.receipt@example.com")
        .fromName("Example IT")
        .ticket(11, 1042)
        .to(List.of("bob@example.com"))
        .subject("[#1042] Printer on fire")
        .answering("bob-reply@example.com", List.of("sb.n.1042.bob@example.com"))
        .header("X-Switchboard-Notification", "receipt")
        .headers(new JsonObject().put("Reply-To", "support+c1042.b0b@example.com"))
        .body("status: open -> waiting")
        .build());
    return m;
  }

  @TestFactory
  Stream<DynamicTest> headersOfEachKindMatchGoldenFiles() {
    Map<Kind, OutgoingMail> samples = samples();
    assertThat(samples.keySet()).as("a sample of every kind").containsExactlyInAnyOrder(Kind.values());
    return samples.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey().wireName(), () -> {
      String actual = render(e.getValue());
      Path expected = DIR.resolve(e.getKey().wireName() + ".expected");
      if (!Files.exists(expected)) {
        Files.createDirectories(DIR);
        Files.writeString(expected, actual, StandardCharsets.UTF_8);
        throw new AssertionError("golden file was missing and has been written; review and commit " + expected);
      }
      assertThat(actual).as("headers of %s", e.getKey()).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }));
  }

  /** The outbox row's header fields as SMTP writes them, then the timeline entry's addressing. */
  static String render(OutgoingMail mail) {
    NewOutboxMail row = mail.outboxRow();
    StringBuilder out = new StringBuilder();
    out.append("kind: ").append(row.kind()).append('\n');
    out.append("Message-ID: <").append(row.messageId()).append(">\n");
    out.append("From: ").append(row.fromName() == null ? "" : row.fromName() + " ")
        .append('<').append(row.fromAddress()).append(">\n");
    out.append("To: ").append(String.join(", ", row.to())).append('\n');
    if (!row.cc().isEmpty()) {
      out.append("Cc: ").append(String.join(", ", row.cc())).append('\n');
    }
    out.append("Subject: ").append(row.subject()).append('\n');
    if (row.inReplyTo() != null) {
      out.append("In-Reply-To: <").append(row.inReplyTo()).append(">\n");
    }
    if (!row.references().isEmpty()) {
      out.append("References: ").append(String.join(" ", row.references().stream().map(r -> "<" + r + ">").toList()))
          .append('\n');
    }
    row.headers().forEach(h -> out.append(h.getKey()).append(": ").append(h.getValue()).append('\n'));
    if (mail.ticketId() != null) {
      NewTicketMessage entry = mail.timelineEntry();
      out.append("timeline: ").append(entry.direction()).append(' ').append(entry.kind()).append(" ticket=")
          .append(entry.ticketId()).append(" from=").append(entry.fromAddress()).append(" to=").append(entry.to())
          .append(" cc=").append(entry.cc()).append('\n');
    }
    return out.toString();
  }

  @Test
  void aMailAboutNoTicketHasNoTicketHeaderAndNoTimelineEntry() {
    OutgoingMail notice = OutgoingMail.builder(Kind.AGENT_NOTICE, MAILBOX, SUPPORT)
        .to(List.of("bob@example.com")).subject("Your command").answering(null, List.of()).body("x").build();
    assertThat(notice.headers().containsKey("X-Switchboard-Ticket")).isFalse();
    assertThat(notice.inReplyTo()).isNull();
    assertThat(notice.messageId()).as("a new Message-ID in the mailbox's domain").matches("sb\\.0\\.[0-9a-f]{24}@example\\.com");
    assertThatThrownBy(notice::timelineEntry).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void longThreadsKeepTheRootAndTheLatestReferences() {
    List<String> ids = new ArrayList<>(IntStream.rangeClosed(1, 30).mapToObj(i -> "m" + i + "@x").toList());
    ids.add("m5@x");
    OutgoingMail mail = OutgoingMail.builder(Kind.STATUS_UPDATE, MAILBOX, SUPPORT)
        .ticket(1, 1001).to(List.of("a@x")).subject("s").inConversation(ids).body("b").build();
    assertThat(mail.references()).hasSize(OutgoingMail.MAX_REFERENCES).startsWith("m1@x").endsWith("m30@x");
    assertThat(mail.inReplyTo()).isEqualTo("m30@x");
  }

  @Test
  void subjectIsCutToTheLineLimit() {
    OutgoingMail mail = OutgoingMail.builder(Kind.AGENT_REPLY, MAILBOX, SUPPORT)
        .to(List.of("a@x")).subject("x".repeat(2000)).body("b").build();
    assertThat(mail.subject()).hasSize(OutgoingMail.MAX_SUBJECT);
    assertThat(mail.headers().isEmpty()).as("a person's words carry no automatic-mail headers").isTrue();
  }
}
