package dev.switchboard.gateway.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Decides which resources this instance should try to take and which to give up, from one view of the fleet. Every
 * instance computes the same target from the same view, so they agree without talking: each live instance works at
 * most {@code ceil(resources / live instances)}; free resources go, in name order, to the live instance holding the
 * fewest (ties to the smaller id); an instance over its share gives up its last resources by name. The database
 * still decides every race; the plan only keeps the instances from racing in the first place.
 */
public final class LeasePlanner {
  private LeasePlanner() {}

  /** What to do now. Both lists are in name order. */
  public record Plan(List<String> acquire, List<String> release) {
    public Plan {
      acquire = List.copyOf(acquire);
      release = List.copyOf(release);
    }

    public boolean idle() {
      return acquire.isEmpty() && release.isEmpty();
    }
  }

  /**
   * @param me this instance's id
   * @param resources every resource this instance is configured to work
   * @param live the instances with a fresh heartbeat (this instance is counted even when missing)
   * @param holders the current owner of every resource whose lease is held and unexpired
   */
  public static Plan plan(String me, Collection<String> resources, Collection<String> live, Map<String, String> holders) {
    Objects.requireNonNull(me, "me");
    TreeSet<String> all = new TreeSet<>(resources);
    TreeSet<String> instances = new TreeSet<>(live);
    instances.add(me);
    int share = all.isEmpty() ? 0 : (all.size() + instances.size() - 1) / instances.size();

    Map<String, Integer> held = new HashMap<>();
    instances.forEach(i -> held.put(i, 0));
    List<String> mine = new ArrayList<>();
    List<String> free = new ArrayList<>();
    List<String> release = new ArrayList<>();
    for (String r : all) {
      String owner = holders.get(r);
      if (owner == null || !instances.contains(owner)) {
        // unowned, or owned by an instance whose heartbeat stopped: its lease runs out within the TTL
        free.add(r);
      } else {
        held.merge(owner, 1, Integer::sum);
        if (owner.equals(me)) {
          mine.add(r);
        }
      }
    }
    // resources this instance holds but is not configured for (a config changed under a running fleet)
    holders.forEach((r, owner) -> {
      if (owner.equals(me) && !all.contains(r)) {
        release.add(r);
      }
    });
    if (mine.size() > share) {
      release.addAll(mine.subList(share, mine.size()));
    }

    List<String> acquire = new ArrayList<>();
    for (String r : free) {
      String taker = null;
      for (String i : instances) {
        int count = held.get(i);
        if (count < share && (taker == null || count < held.get(taker))) {
          taker = i;
        }
      }
      if (taker == null) {
        break;
      }
      held.merge(taker, 1, Integer::sum);
      if (taker.equals(me)) {
        acquire.add(r);
      }
    }
    return new Plan(acquire, new TreeSet<>(release).stream().toList());
  }
}
