package dev.switchboard.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.parser.EmailAddress;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SenderRelationTest {
  private static final Predicate<EmailAddress> ALICE_IS_COORDINATOR =
      a -> a.normalized().equals("alice@corp.example");
  private static final List<String> CAROL = List.of("carol@partner.example");

  private static SenderRelation of(String from, String requester) {
    EmailAddress sender = from == null ? null : new EmailAddress(from, null);
    return SenderRelation.of(sender, requester, CAROL, ALICE_IS_COORDINATOR);
  }

  @Test
  void theRequesterIsRecognisedIgnoringCase() {
    assertThat(of("Jane@Example.ORG", "jane@example.org")).isEqualTo(SenderRelation.REQUESTER);
    assertThat(SenderRelation.REQUESTER.mayAddParticipants()).isTrue();
  }

  @Test
  void participantsAndCoordinatorsAreKnownButBringNobodyIn() {
    assertThat(of("carol@partner.example", "jane@example.org")).isEqualTo(SenderRelation.PARTICIPANT);
    assertThat(of("alice@corp.example", "jane@example.org")).isEqualTo(SenderRelation.COORDINATOR);
    assertThat(SenderRelation.PARTICIPANT.mayAddParticipants()).isFalse();
    assertThat(SenderRelation.COORDINATOR.mayAddParticipants()).isFalse();
  }

  @Test
  void anyoneElseIsAStranger() {
    assertThat(of("spy@evil.test", "jane@example.org")).isEqualTo(SenderRelation.STRANGER);
    assertThat(of("spy@evil.test", null)).as("a ticket without requester").isEqualTo(SenderRelation.STRANGER);
    assertThat(of(null, "jane@example.org")).as("no From at all").isEqualTo(SenderRelation.STRANGER);
    assertThat(SenderRelation.STRANGER.mayAddParticipants()).isFalse();
  }
}
