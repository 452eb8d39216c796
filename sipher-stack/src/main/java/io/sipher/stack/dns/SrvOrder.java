package io.sipher.stack.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order in which a client contacts the targets of an SRV RRset (RFC 2782, "Usage rules"):
 * priority ascending, and within one priority a weighted random permutation. RFC 3263 §4.3 asks for
 * exactly this process and then walks the resulting list on failure.
 */
final class SrvOrder {

  /** One SRV record, reduced to what the ordering and the address lookups need. */
  record Srv(int priority, int weight, int port, String target) {}

  private SrvOrder() {}

  /**
   * Orders {@code records} as RFC 2782 describes. The input is not modified.
   *
   * <p>Within a priority, the algorithm repeatedly draws a number uniformly from {@code [0, sum of
   * remaining weights]} and takes the first record whose running sum reaches it. Records of weight
   * 0 are placed first, as the RFC requires, so that they have a small chance to be picked when
   * heavier records exist. The RFC lets the initial arrangement be "any order"; the zero-weight
   * records are shuffled so that, when all weights are 0, each is equally likely to come first
   * rather than the DNS server's order deciding.
   */
  static List<Srv> order(List<Srv> records, RandomGenerator random) {
    List<Srv> sorted = new ArrayList<>(records);
    // Servers may rotate RRsets between answers; a canonical order inside each priority makes the
    // draw depend only on the random source, so a seeded generator reproduces an order.
    sorted.sort(
        Comparator.comparingInt(Srv::priority)
            .thenComparing(Srv::target)
            .thenComparingInt(Srv::port)
            .thenComparingInt(Srv::weight));
    List<Srv> out = new ArrayList<>(sorted.size());
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j < sorted.size() && sorted.get(j).priority() == sorted.get(i).priority()) {
        j++;
      }
      weightedPermutation(sorted.subList(i, j), random, out);
      i = j;
    }
    return out;
  }

  private static void weightedPermutation(List<Srv> group, RandomGenerator random, List<Srv> out) {
    List<Srv> remaining = new ArrayList<>(group.size());
    // "all those with weight 0 are placed at the beginning of the list" (RFC 2782)
    for (Srv s : group) {
      if (s.weight() == 0) {
        remaining.add(s);
      }
    }
    for (int k = remaining.size() - 1; k > 0; k--) {
      int swap = random.nextInt(k + 1);
      remaining.set(k, remaining.set(swap, remaining.get(k)));
    }
    for (Srv s : group) {
      if (s.weight() != 0) {
        remaining.add(s);
      }
    }
    while (!remaining.isEmpty()) {
      long sum = 0;
      for (Srv s : remaining) {
        sum += s.weight();
      }
      // Uniform in [0, sum] inclusive, as the RFC says; with sum 0 every draw is 0 and the first
      // (shuffled) zero-weight record is taken.
      long pick = random.nextLong(sum + 1);
      long running = 0;
      int chosen = remaining.size() - 1;
      for (int k = 0; k < remaining.size(); k++) {
        running += remaining.get(k).weight();
        if (running >= pick) {
          chosen = k;
          break;
        }
      }
      out.add(remaining.remove(chosen));
    }
  }
}
