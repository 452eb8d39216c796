package io.sipher.media.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The comparison the loopback tests rely on: delayed copies match, unrelated signals do not. */
class CrossCorrelationTest {

  private static short[] noise(long seed, int n) {
    Random r = new Random(seed);
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) (r.nextGaussian() * 5000);
    }
    return s;
  }

  @Test
  void delayedQuieterCopyIsFound() {
    short[] reference = noise(1, 4000);
    short[] signal = new short[5000];
    for (int i = 0; i < reference.length; i++) {
      signal[i + 700] = (short) (reference[i] / 3);
    }
    CrossCorrelation.Match m = CrossCorrelation.bestMatch(reference, signal, 1000);
    assertThat(m.lag()).isEqualTo(700);
    assertThat(m.coefficient()).isGreaterThan(0.999);
  }

  @Test
  void earlierCopyHasANegativeLag() {
    short[] reference = noise(2, 4000);
    short[] signal = new short[3800];
    System.arraycopy(reference, 200, signal, 0, 3800);
    assertThat(CrossCorrelation.bestMatch(reference, signal, 500).lag()).isEqualTo(-200);
  }

  @Test
  void unrelatedSignalsDoNotMatch() {
    CrossCorrelation.Match m = CrossCorrelation.bestMatch(noise(3, 4000), noise(4, 4000), 200);
    assertThat(m.coefficient()).isLessThan(0.2);
  }

  @Test
  void silenceMatchesNothing() {
    CrossCorrelation.Match m = CrossCorrelation.bestMatch(noise(5, 1000), new short[1000], 10);
    assertThat(m.coefficient()).isZero();
  }
}
