package io.sipher.stack.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sipher.stack.dns.SrvOrder.Srv;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 2782 "Usage rules": priority first, then weighted random selection within a priority. */
class Rfc2782_WeightedSelectionTest {
  private static final int DRAWS = 20_000;

  @Test
  void lowerPriorityAlwaysComesFirst_whateverTheWeights() {
    List<Srv> records =
        List.of(
            new Srv(30, 1000, 5060, "c."),
            new Srv(10, 0, 5060, "a."),
            new Srv(20, 500, 5060, "b."));
    Random random = new Random(1);
    for (int i = 0; i < 100; i++) {
      assertThat(SrvOrder.order(records, random))
          .extracting(Srv::target)
          .containsExactly("a.", "b.", "c.");
    }
  }

  @Test
  void firstPick_isProportionalToWeight() {
    List<Srv> records =
        List.of(
            new Srv(10, 60, 5060, "a."), new Srv(10, 30, 5060, "b."), new Srv(10, 10, 5060, "c."));
    Map<String, Double> share = firstPickShare(records, new Random(2782));
    assertThat(share.get("a.")).isCloseTo(0.6, within(0.03));
    assertThat(share.get("b.")).isCloseTo(0.3, within(0.03));
    assertThat(share.get("c.")).isCloseTo(0.1, within(0.03));
  }

  @Test
  void zeroWeight_hasOnlyASmallChanceAgainstWeightedRecords() {
    List<Srv> records = List.of(new Srv(10, 0, 5060, "zero."), new Srv(10, 100, 5060, "heavy."));
    Map<String, Double> share = firstPickShare(records, new Random(7));
    // The draw lands on the zero-weight record only when it is exactly 0: 1 in 101.
    assertThat(share.getOrDefault("zero.", 0.0)).isCloseTo(1.0 / 101, within(0.01));
  }

  @Test
  void allZeroWeights_eachEquallyLikelyFirst() {
    List<Srv> records =
        List.of(new Srv(10, 0, 5060, "a."), new Srv(10, 0, 5060, "b."), new Srv(10, 0, 5060, "c."));
    Map<String, Double> share = firstPickShare(records, new Random(11));
    assertThat(share.values()).allSatisfy(s -> assertThat(s).isCloseTo(1.0 / 3, within(0.03)));
  }

  @Test
  void everyRecordAppearsExactlyOnce_andAFixedSeedGivesAFixedOrder() {
    List<Srv> records =
        List.of(
            new Srv(10, 5, 5060, "a."),
            new Srv(10, 5, 5060, "b."),
            new Srv(20, 1, 5060, "c."),
            new Srv(10, 0, 5060, "d."));
    List<Srv> once = SrvOrder.order(records, new Random(42));
    assertThat(once).containsExactlyInAnyOrderElementsOf(records);
    assertThat(once.get(3).target()).isEqualTo("c.");
    assertThat(SrvOrder.order(records, new Random(42))).isEqualTo(once);
  }

  private static Map<String, Double> firstPickShare(List<Srv> records, Random random) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < DRAWS; i++) {
      counts.merge(SrvOrder.order(records, random).get(0).target(), 1, Integer::sum);
    }
    Map<String, Double> share = new HashMap<>();
    counts.forEach((k, v) -> share.put(k, v / (double) DRAWS));
    return share;
  }
}
