package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.store.testing.DatabaseTest;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class LeaseRepositoryTest extends DatabaseTest {
  private static final Duration TTL = Duration.ofSeconds(15);

  /** Moves a lease's expiry into the past, as if its owner had stopped renewing {@code ago} before now. */
  private void expire(String resource) {
    pool.query("update lease set expires_at = now() - interval '1 second' where resource = '" + resource + "'")
        .execute().await();
  }

  @Test
  void ownersRacingForOneLeaseGetItOnceBetweenThem() {
    LeaseRepository leases = new LeaseRepository(pool);
    List<Future<Lease>> attempts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      attempts.add(leases.acquire("mailbox:support", i % 2 == 0 ? "a" : "b", TTL));
    }
    Future.join(attempts).await();
    List<Lease> won = attempts.stream().map(Future::result).filter(Objects::nonNull).toList();
    assertThat(won).isNotEmpty();
    assertThat(won).extracting(Lease::owner).as("one owner only").containsOnly(won.get(0).owner());
    assertThat(won).extracting(Lease::fencing).as("each acquisition a new fencing number").doesNotHaveDuplicates();
    assertThat(leases.leases().await()).singleElement()
        .satisfies(l -> assertThat(l.owner()).isEqualTo(won.get(0).owner()));
  }

  @Test
  void anExpiredLeaseIsTakenOverWithAHigherFencingNumber() {
    LeaseRepository leases = new LeaseRepository(pool);
    Lease first = leases.acquire("pbx:office", "a", TTL).await();
    assertThat(first.fencing()).isEqualTo(1);
    assertThat(leases.acquire("pbx:office", "b", TTL).await()).as("held and not expired").isNull();

    expire("pbx:office");
    Lease second = leases.acquire("pbx:office", "b", TTL).await();
    assertThat(second.owner()).isEqualTo("b");
    assertThat(second.fencing()).isEqualTo(2);
    assertThat(leases.holds(first).await()).isFalse();
    assertThat(leases.holds(second).await()).isTrue();
  }

  @Test
  void aStaleOwnerCannotRenewOrRelease() {
    LeaseRepository leases = new LeaseRepository(pool);
    Lease stale = leases.acquire("mailbox:support", "a", TTL).await();
    expire("mailbox:support");
    Lease current = leases.acquire("mailbox:support", "b", TTL).await();

    assertThat(leases.renew(stale, TTL).await()).isNull();
    assertThat(leases.release(stale).await()).isFalse();
    assertThat(leases.renew(current, TTL).await()).extracting(Lease::owner).isEqualTo("b");
    assertThat(leases.leases().await()).singleElement().extracting(Lease::owner).isEqualTo("b");
  }

  @Test
  void theSameOwnerReacquiringStartsANewFencingNumber() {
    LeaseRepository leases = new LeaseRepository(pool);
    Lease first = leases.acquire("mailbox:support", "a", TTL).await();
    Lease again = leases.acquire("mailbox:support", "a", TTL).await();
    assertThat(again.fencing()).isGreaterThan(first.fencing());
    assertThat(leases.renew(first, TTL).await()).as("the older acquisition is stale").isNull();
  }

  @Test
  void aReleasedLeaseIsFreeAtOnce() {
    LeaseRepository leases = new LeaseRepository(pool);
    Lease held = leases.acquire("mailbox:support", "a", TTL).await();
    assertThat(leases.release(held).await()).isTrue();
    FleetSnapshot snap = leases.snapshot().await();
    assertThat(snap.leases()).singleElement().satisfies(l -> assertThat(l.heldAt(snap.now())).isFalse());
    assertThat(leases.acquire("mailbox:support", "b", TTL).await()).extracting(Lease::fencing).isEqualTo(2L);
  }

  @Test
  void heartbeatsShowWhichInstancesAreLive() {
    LeaseRepository leases = new LeaseRepository(pool);
    leases.heartbeat("a", "0.1.0").await();
    leases.heartbeat("b", "0.1.0").await();
    pool.query("update instance set heartbeat_at = now() - interval '1 minute' where id = 'b'").execute().await();
    leases.heartbeat("a", "0.1.0").await();
    FleetSnapshot snap = leases.snapshot().await();
    assertThat(snap.instances()).extracting(FleetInstance::id).containsExactly("a", "b");
    assertThat(snap.live(TTL)).extracting(FleetInstance::id).containsExactly("a");

    assertThat(leases.forgetSilentFor(Duration.ofSeconds(30)).await()).isEqualTo(1);
    leases.leave("a").await();
    assertThat(leases.snapshot().await().instances()).isEmpty();
  }
}
