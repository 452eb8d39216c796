package io.sipher.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3550 §6.4.1 and §A.8: the interarrival jitter estimate, in timestamp units. */
class Rfc3550_A_8_JitterTest {

  /** Feeds packets 160 timestamp units apart whose transit times are {@code transit[i]}. */
  private static RtpStatistics run(long... transit) {
    RtpStatistics s = new RtpStatistics(1, 0);
    s.onPacket(0); // probation
    for (int i = 0; i < transit.length; i++) {
      long ts = 1000 + 160L * i;
      assertThat(s.onPacket(i + 1, ts, ts + transit[i])).isTrue();
    }
    return s;
  }

  @Test
  void constantTransitMeansNoJitter() {
    assertThat(run(500, 500, 500, 500, 500).jitter()).isZero();
  }

  @Test
  void aClockOffsetDoesNotMatter() {
    // Only differences in transit count: the clocks need not agree.
    assertThat(run(-4_000_000_000L, -4_000_000_000L, -4_000_000_000L).jitter()).isZero();
  }

  @Test
  void oneStepMovesTheEstimateBySixteenth() {
    // J += (|D| - J) / 16 with |D| = 160: 10 after the first difference.
    assertThat(run(0, 160).jitter()).isEqualTo(10);
  }

  @Test
  void alternatingTransitConvergesToTheDifference() {
    long[] transit = new long[400];
    for (int i = 0; i < transit.length; i++) {
      transit[i] = (i % 2) * 80;
    }
    RtpStatistics s = run(transit);
    assertThat(s.jitter()).isBetween(76L, 80L);
    assertThat(s.report(0, 0).jitter()).isEqualTo(s.jitter());
  }

  @Test
  void timestampWrapIsHarmless() {
    RtpStatistics s = new RtpStatistics(1, 0);
    s.onPacket(0);
    long ts = 0xFFFFFF00L;
    for (int i = 1; i <= 10; i++) {
      long wrapped = (ts + 160L * i) & 0xFFFFFFFFL;
      s.onPacket(i, wrapped, 5_000 + 160L * i);
    }
    assertThat(s.jitter()).isZero();
  }
}
