package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calls and phone numbers against a real PostgreSQL. */
class CallRepositoryTest extends DatabaseTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final String LENA = "+4930901820";

  private static NewCall missed(String linkedid, Instant start, Long contactId) {
    return new NewCall(
        "office", linkedid, "inbound", "030 901820", LENA, "Lena Fischer", "2002", null, null, null, List.of(), start,
        null, start.plusSeconds(10), 10, 0, "missed", null, false, false, contactId);
  }

  @Test
  void sameCallFromTheSamePbxIsStoredOnce() {
    CallRepository calls = new CallRepository(pool);
    Long first = calls.insert(missed("1795480645.0", T0, null)).await();
    Long again = calls.insert(missed("1795480645.0", T0, null)).await();
    Long otherPbx =
        calls.insert(new NewCall(
            "branch", "1795480645.0", "internal", "2004", null, "Dave", "2001", "2001", "Alice Agent", null,
            List.of(new CallTransfer("2001", "2004", "blind", T0.plusSeconds(3))), T0, T0.plusSeconds(1),
            T0.plusSeconds(9), 1, 8, "answered", null, true, true, null)).await();

    assertThat(first).isNotNull();
    assertThat(again).as("second report of the same call").isNull();
    assertThat(otherPbx).as("same Linkedid on another PBX is another call").isNotNull().isNotEqualTo(first);
    Call stored = calls.find(otherPbx).await();
    assertThat(stored.transfers()).containsExactly(new CallTransfer("2001", "2004", "blind", T0.plusSeconds(3)));
    assertThat(stored.answeredAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(stored.expired()).isTrue();
    assertThat(stored.midCall()).isTrue();
    assertThat(calls.count(new CallQuery(null, null, 10, 0)).await()).isEqualTo(2);
  }

  @Test
  void listFiltersByDispositionNewestFirstAndJoinsTicketAndContact() {
    Contact lena = new ContactRepository(pool).createForPhone(LENA, "Lena Fischer").await();
    Ticket ticket = new TicketRepository(pool)
        .create(new NewTicket(null, "Call back", "new", "normal", lena.id(), "phone", false, null)).await();
    long messageId = new TicketMessageRepository(pool).insert(NewTicketMessage.systemNote(ticket.id(), "call")).await();
    CallRepository calls = new CallRepository(pool);
    long older = calls.insert(missed("a.1", T0, lena.id())).await();
    long newer = calls.insert(missed("a.2", T0.plusSeconds(60), lena.id())).await();
    calls.insert(new NewCall(
        "office", "a.3", "inbound", "+14155550123", "+14155550123", "Jane", "2001", "2001", null, null, List.of(),
        T0.plusSeconds(30), T0.plusSeconds(33), T0.plusSeconds(41), 3, 8, "answered", null, false, false, null))
        .await();
    calls.link(newer, ticket.id(), messageId).await();

    List<Call> page = calls.list(new CallQuery("missed", null, 10, 0)).await();
    assertThat(page).extracting(Call::id).containsExactly(newer, older);
    assertThat(page.get(0).ticketNumber()).isEqualTo(ticket.number());
    assertThat(page.get(0).ticketMessageId()).isEqualTo(messageId);
    assertThat(page.get(0).contactName()).isEqualTo("Lena Fischer");
    assertThat(calls.count(new CallQuery("missed", "inbound", 10, 0)).await()).isEqualTo(2);
    assertThat(calls.list(new CallQuery(null, null, 1, 1)).await()).extracting(Call::linkedid).containsExactly("a.3");
    assertThat(calls.byTicket(ticket.id()).await()).extracting(Call::id).containsExactly(newer);
  }

  @Test
  void recentTicketOfANumberIsOnlyAnOpenOneInsideTheWindow() {
    Contact lena = new ContactRepository(pool).createForPhone(LENA, "Lena Fischer").await();
    TicketRepository tickets = new TicketRepository(pool);
    Ticket ticket = tickets.create(new NewTicket(null, "Call back", "new", "normal", lena.id(), "phone", false, null))
        .await();
    long messageId = new TicketMessageRepository(pool).insert(NewTicketMessage.systemNote(ticket.id(), "call")).await();
    CallRepository calls = new CallRepository(pool);
    long id = calls.insert(missed("b.1", T0, lena.id())).await();
    calls.link(id, ticket.id(), messageId).await();
    List<String> callBack = List.of("missed", "abandoned", "voicemail");

    assertThat(calls.recentOpenTicketOfNumber(LENA, T0.minus(Duration.ofMinutes(30)), callBack).await())
        .isEqualTo(ticket.id());
    assertThat(calls.recentOpenTicketOfNumber(LENA, T0.plusSeconds(1), callBack).await()).as("outside window").isNull();
    assertThat(calls.recentOpenTicketOfNumber(LENA, T0.minusSeconds(1), List.of("answered")).await()).isNull();
    assertThat(calls.openTicketOfContact(lena.id()).await()).isEqualTo(ticket.id());

    pool.query("update ticket set status = 'resolved'").execute().await();
    assertThat(calls.recentOpenTicketOfNumber(LENA, T0.minusSeconds(1), callBack).await()).as("resolved").isNull();
    assertThat(calls.openTicketOfContact(lena.id()).await()).isNull();
  }

  @Test
  void phoneOfAnUnknownCallerMovesToTheRequesterWithItsTicketsAndCalls() {
    ContactRepository contacts = new ContactRepository(pool);
    Contact caller = contacts.createForPhone(LENA, "Lena Fischer").await();
    Ticket callBack = new TicketRepository(pool)
        .create(new NewTicket(null, "Call back", "new", "normal", caller.id(), "phone", false, null)).await();
    new CallRepository(pool).insert(missed("c.1", T0, caller.id())).await();
    Contact requester = contacts.findOrCreateByEmail("lena@example.org", "Lena").await();
    Contact other = contacts.findOrCreateByEmail("omar@example.org", "Omar").await();
    contacts.addPhone(other.id(), "+442079460958").await();

    PhoneAssignment merged = pool.withTransaction(tx -> new ContactPhoneRepository(tx).assign("Lena@Example.org", LENA))
        .await();
    assertThat(merged.outcome()).isEqualTo(PhoneAssignment.Outcome.MERGED);
    assertThat(contacts.findByPhone(LENA).await().id()).isEqualTo(requester.id());
    assertThat(new TicketRepository(pool).find(callBack.id()).await().requesterEmail()).isEqualTo("lena@example.org");
    assertThat(new CallRepository(pool).list(new CallQuery(null, null, 5, 0)).await().get(0).contactId())
        .isEqualTo(requester.id());
    assertThat(contacts.find(caller.id()).await()).as("phone-only contact merged away").isNull();

    ContactPhoneRepository phones = new ContactPhoneRepository(pool);
    assertThat(phones.assign("lena@example.org", LENA).await().outcome())
        .isEqualTo(PhoneAssignment.Outcome.ALREADY_THEIRS);
    PhoneAssignment taken = phones.assign("lena@example.org", "+442079460958").await();
    assertThat(taken.outcome()).isEqualTo(PhoneAssignment.Outcome.TAKEN);
    assertThat(taken.otherOwner()).isEqualTo("omar@example.org");
    assertThat(phones.assign("nobody@example.org", "+14155550123").await().outcome())
        .isEqualTo(PhoneAssignment.Outcome.NO_CONTACT);
    assertThat(phones.assign("lena@example.org", "+14155550123").await().outcome())
        .isEqualTo(PhoneAssignment.Outcome.ADDED);
  }
}
