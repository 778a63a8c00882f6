package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Participants against a real PostgreSQL: the one-at-a-time add and remove that a coordinator's #cc uses. */
class ParticipantRepositoryTest extends DatabaseTest {
  @Test
  void addOneAndRemoveSayWhetherTheyChangedAnything() {
    Mailbox mb = new MailboxRepository(pool).upsert("support", "support@example.com").await();
    Ticket t = new TicketRepository(pool)
        .create(new NewTicket(mb.id(), "Printer", "new", "normal", null, "email", false, null)).await();
    ParticipantRepository participants = new ParticipantRepository(pool);

    assertThat(participants.addOne(t.id(), new Participant("Carol@Partner.example", "Carol")).await()).isTrue();
    assertThat(participants.addOne(t.id(), new Participant("carol@partner.example", null)).await())
        .as("already on the ticket").isFalse();
    participants.add(t.number(), List.of(new Participant("dave@partner.example", null))).await();
    assertThat(participants.emails(t.id()).await()).containsExactly("carol@partner.example", "dave@partner.example");

    assertThat(participants.remove(t.id(), "carol@partner.example").await()).isTrue();
    assertThat(participants.remove(t.id(), "carol@partner.example").await()).as("gone already").isFalse();
    assertThat(participants.emails(t.id()).await()).containsExactly("dave@partner.example");
  }
}
