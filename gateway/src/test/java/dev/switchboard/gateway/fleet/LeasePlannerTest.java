package dev.switchboard.gateway.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.gateway.fleet.LeasePlanner.Plan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeasePlannerTest {
  private static final List<String> THREE = List.of("mailbox:a", "mailbox:b", "pbx:office");

  @Test
  void aSingleInstanceTakesEverythingAtOnce() {
    Plan p = LeasePlanner.plan("i1", THREE, List.of("i1"), Map.of());
    assertThat(p.acquire()).containsExactlyElementsOf(THREE);
    assertThat(p.release()).isEmpty();
  }

  @Test
  void anInstanceMissingFromTheLiveListStillCountsItself() {
    assertThat(LeasePlanner.plan("i1", THREE, List.of(), Map.of()).acquire()).containsExactlyElementsOf(THREE);
  }

  @Test
  void freeResourcesAreDealtInNameOrderToTheLeastLoadedThenSmallerId() {
    assertThat(LeasePlanner.plan("i1", THREE, List.of("i1", "i2"), Map.of()).acquire())
        .containsExactly("mailbox:a", "pbx:office");
    assertThat(LeasePlanner.plan("i2", THREE, List.of("i1", "i2"), Map.of()).acquire())
        .containsExactly("mailbox:b");
  }

  @Test
  void anInstanceOverItsShareGivesUpItsLastResources() {
    Map<String, String> all = Map.of("mailbox:a", "i1", "mailbox:b", "i1", "pbx:office", "i1");
    Plan p = LeasePlanner.plan("i1", THREE, List.of("i1", "i2"), all);
    assertThat(p.acquire()).isEmpty();
    assertThat(p.release()).containsExactly("pbx:office");
    assertThat(LeasePlanner.plan("i2", THREE, List.of("i1", "i2"), all).idle()).as("nothing free yet").isTrue();
  }

  @Test
  void aDeadInstancesResourcesGoToTheSurvivors() {
    Map<String, String> holders = Map.of("mailbox:a", "i1", "mailbox:b", "dead", "pbx:office", "i2");
    assertThat(LeasePlanner.plan("i1", THREE, List.of("i1", "i2"), holders).acquire()).containsExactly("mailbox:b");
    assertThat(LeasePlanner.plan("i2", THREE, List.of("i1", "i2"), holders).acquire()).isEmpty();
  }

  @Test
  void aResourceNoLongerConfiguredIsReleased() {
    Plan p = LeasePlanner.plan("i1", List.of("mailbox:a"), List.of("i1"), Map.of("mailbox:a", "i1", "mailbox:old", "i1"));
    assertThat(p.release()).containsExactly("mailbox:old");
    assertThat(p.acquire()).isEmpty();
  }

  @Test
  void noResourcesNoWork() {
    assertThat(LeasePlanner.plan("i1", List.of(), List.of("i1", "i2"), Map.of()).idle()).isTrue();
  }

  /** Instances starting one after another, each acting on the plan in turn: the fleet settles evenly. */
  @Test
  void aGrowingFleetSettlesOnAnEvenSpread() {
    List<String> resources = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      resources.add("mailbox:m" + i);
    }
    Map<String, String> holders = new HashMap<>();
    List<String> live = new ArrayList<>();
    for (String joining : List.of("i1", "i2", "i3")) {
      live.add(joining);
      for (int round = 0; round < 4; round++) {
        for (String me : live) {
          Plan p = LeasePlanner.plan(me, resources, live, holders);
          p.release().forEach(holders::remove);
          p.acquire().forEach(r -> holders.putIfAbsent(r, me));
        }
      }
      int share = (resources.size() + live.size() - 1) / live.size();
      assertThat(holders).as("everything owned with %s live", live).hasSize(resources.size());
      for (String i : live) {
        assertThat(holders.values().stream().filter(i::equals).count()).isBetween(1L, (long) share);
      }
      for (String me : live) {
        assertThat(LeasePlanner.plan(me, resources, live, holders).idle()).as("settled for %s", me).isTrue();
      }
    }
  }
}
