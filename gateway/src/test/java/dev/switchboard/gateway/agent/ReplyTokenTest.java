package dev.switchboard.gateway.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyTokenTest {
  private static final String SUPPORT = "support@example.com";
  private final ReplyToken tokens = new ReplyToken("a-secret-of-at-least-16-chars");

  @Test
  void addressCarriesTheTicketNumberAndAMacInThePlusPart() {
    String a = tokens.address(SUPPORT, 1042);
    assertThat(a).matches("support\\+t1042-[0-9a-f]{16}@example\\.com");
    assertThat(tokens.address(SUPPORT, 1042)).as("deterministic").isEqualTo(a);
    assertThat(tokens.address(SUPPORT, 1043)).isNotEqualTo(a);
  }

  @Test
  void findsAValidTokenAmongRecipientsIgnoringCaseAndAngleBrackets() {
    String a = tokens.address(SUPPORT, 1042);
    ReplyToken.Match m = tokens.find(SUPPORT, List.of("jane@example.org", "<" + a.toUpperCase() + ">"));
    assertThat(m).isEqualTo(new ReplyToken.Match.Valid(1042, a));
  }

  @Test
  void aChangedNumberOrMacIsForged() {
    String a = tokens.address(SUPPORT, 1042);
    String otherNumber = a.replace("+t1042-", "+t1043-");
    assertThat(tokens.find(SUPPORT, List.of(otherNumber))).isEqualTo(new ReplyToken.Match.Forged(otherNumber));
    String flipped = a.substring(0, a.indexOf('@') - 1) + (a.charAt(a.indexOf('@') - 1) == '0' ? "1" : "0")
        + a.substring(a.indexOf('@'));
    assertThat(tokens.find(SUPPORT, List.of(flipped))).isInstanceOf(ReplyToken.Match.Forged.class);
    assertThat(tokens.find(SUPPORT, List.of("support+t1042-deadbeef@example.com")))
        .as("a short mac").isInstanceOf(ReplyToken.Match.Forged.class);
  }

  @Test
  void aTokenFromAnotherSecretOrMailboxDoesNotVerify() {
    String foreign = new ReplyToken("another-secret-of-16-chars").address(SUPPORT, 1042);
    assertThat(tokens.find(SUPPORT, List.of(foreign))).isInstanceOf(ReplyToken.Match.Forged.class);
    String otherMailbox = tokens.address("help@example.com", 1042);
    assertThat(tokens.find(SUPPORT, List.of(otherMailbox))).as("another mailbox's address is not ours")
        .isEqualTo(new ReplyToken.Match.None());
  }

  @Test
  void aValidTokenWinsOverAForgedOne() {
    String good = tokens.address(SUPPORT, 7);
    assertThat(tokens.find(SUPPORT, List.of("support+t9-0000000000000000@example.com", good)))
        .isEqualTo(new ReplyToken.Match.Valid(7, good));
  }

  @Test
  void plainAndOtherPlusAddressesAreNotTokens() {
    assertThat(tokens.find(SUPPORT, List.of(SUPPORT, "support+urgent@example.com", "support+t12@example.com",
        "support+t1042-abc@example.net", "other+t1-00@example.com"))).isEqualTo(new ReplyToken.Match.None());
  }

  @Test
  void aShortSecretIsRefused() {
    assertThatThrownBy(() -> new ReplyToken("short")).hasMessageContaining("16 characters");
  }

  @Test
  void aCoordinatorsAddressIsValidOnlyInThatCoordinatorsMail() {
    String alice = tokens.coordinatorAddress(SUPPORT, 1042, "Alice@Corp.example");
    assertThat(alice).matches("support\\+c1042-[0-9a-f]{16}@example\\.com");
    assertThat(alice).isNotEqualTo(tokens.coordinatorAddress(SUPPORT, 1042, "bob@corp.example"));
    assertThat(tokens.find(SUPPORT, List.of(alice), "alice@corp.example"))
        .isEqualTo(new ReplyToken.Match.Valid(1042, alice, true));
    assertThat(tokens.find(SUPPORT, List.of(alice), "jane@example.org")).as("someone else using it")
        .isInstanceOf(ReplyToken.Match.Forged.class);
    assertThat(tokens.find(SUPPORT, List.of(alice))).as("no sender").isInstanceOf(ReplyToken.Match.Forged.class);
    String otherTicket = alice.replace("+c1042-", "+c1043-");
    assertThat(tokens.find(SUPPORT, List.of(otherTicket), "alice@corp.example"))
        .isInstanceOf(ReplyToken.Match.Forged.class);
  }

  @Test
  void theRequestersAddressNeverCountsAsACoordinatorsAndTheirOwnWins() {
    String requester = tokens.address(SUPPORT, 1042);
    String asCoordinator = requester.replace("+t1042-", "+c1042-");
    assertThat(tokens.find(SUPPORT, List.of(asCoordinator), "alice@corp.example"))
        .as("the requester's MAC under the coordinator prefix").isInstanceOf(ReplyToken.Match.Forged.class);
    assertThat(tokens.find(SUPPORT, List.of(requester), "alice@corp.example"))
        .isEqualTo(new ReplyToken.Match.Valid(1042, requester, false));
    String alice = tokens.coordinatorAddress(SUPPORT, 1042, "alice@corp.example");
    assertThat(tokens.find(SUPPORT, List.of(requester, alice), "alice@corp.example"))
        .isEqualTo(new ReplyToken.Match.Valid(1042, alice, true));
  }
}
