package io.sipher.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The playout buffer on a fake clock: order, reordering, loss, duplicates, late packets and
 * restarts. Frame k carries the value k in every sample, so the output shows what was played.
 */
class JitterBufferTest {
  private static final int DEPTH = 60;
  private static final long TS0 = 1_000;

  private final JitterBuffer buffer = new JitterBuffer(DEPTH);

  private static short[] frame(int k) {
    short[] f = new short[160];
    Arrays.fill(f, (short) k);
    return f;
  }

  private void put(int k, long now) {
    buffer.put(TS0 + 160L * k, frame(k), now);
  }

  /** The value of each drained frame; 0 for silence. */
  private List<Integer> drain(long now) {
    List<Integer> values = new ArrayList<>();
    for (short[] f : buffer.drain(now)) {
      assertThat(f).hasSize(160);
      values.add((int) f[0]);
    }
    return values;
  }

  @Test
  void nothingBeforeTheFirstPacketNorBeforeTheDepth() {
    assertThat(drain(0)).isEmpty();
    put(1, 1000);
    assertThat(drain(1000)).isEmpty();
    assertThat(drain(1000 + DEPTH - 1)).isEmpty();
    assertThat(drain(1000 + DEPTH)).containsExactly(1);
  }

  @Test
  void inOrderStreamPlaysAtTheClocksPace() {
    for (int k = 1; k <= 5; k++) {
      put(k, 20L * k);
    }
    // First frame due at 20 + 60 = 80, then one every 20 ms.
    assertThat(drain(79)).isEmpty();
    assertThat(drain(80)).containsExactly(1);
    assertThat(drain(139)).containsExactly(2, 3);
    assertThat(drain(180)).containsExactly(4, 5, 0);
    assertThat(buffer.stats().framesPlayed()).isEqualTo(5);
    assertThat(buffer.stats().framesConcealed()).isEqualTo(1);
  }

  @Test
  void reorderingWithinTheDepthIsRepaired() {
    put(1, 0);
    put(3, 20);
    put(2, 40); // 2 arrives after 3, still in time
    put(5, 50);
    put(4, 55);
    assertThat(drain(60 + 4 * 20)).containsExactly(1, 2, 3, 4, 5);
    assertThat(buffer.stats().framesConcealed()).isZero();
  }

  @Test
  void lossBecomesSilence() {
    put(1, 0);
    put(2, 20);
    put(4, 60); // 3 lost
    put(5, 80);
    assertThat(drain(60 + 4 * 20)).containsExactly(1, 2, 0, 4, 5);
    assertThat(buffer.stats().framesConcealed()).isEqualTo(1);
  }

  @Test
  void duplicatesPlayOnce() {
    put(1, 0);
    put(2, 20);
    put(2, 21);
    put(1, 22);
    put(3, 40);
    assertThat(drain(60 + 2 * 20)).containsExactly(1, 2, 3);
    assertThat(buffer.stats().duplicates()).isEqualTo(2);
  }

  @Test
  void aPacketAfterItsFrameIsDropped() {
    put(1, 0);
    put(3, 40);
    assertThat(drain(60 + 20)).containsExactly(1, 0); // frame 2 due at 80: missing
    put(2, 85); // too late
    put(4, 86);
    assertThat(drain(60 + 3 * 20)).containsExactly(3, 4);
    assertThat(buffer.stats().packetsLate()).isEqualTo(1);
  }

  @Test
  void aStalledCallerCatchesUp() {
    for (int k = 1; k <= 10; k++) {
      put(k, 20L * k);
    }
    assertThat(drain(80 + 9 * 20)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void aSenderRestartFarAheadStartsOver() {
    put(1, 0);
    assertThat(drain(60)).containsExactly(1);
    // 10 s ahead in timestamp, arriving now: a new timeline.
    buffer.put(TS0 + 80_000, frame(7), 100);
    assertThat(drain(100 + DEPTH)).containsExactly(7);
    assertThat(buffer.stats().restarts()).isEqualTo(1);
  }

  @Test
  void aLongRunOfLatePacketsStartsOver() {
    put(100, 0);
    assertThat(drain(60)).containsExactly(100);
    // The sender's timestamps went back in time (it restarted behind us).
    long now = 70;
    for (int k = 1; k <= 8; k++) {
      put(k, now);
      now += 20;
    }
    JitterBuffer.Stats stats = buffer.stats();
    assertThat(stats.restarts()).isEqualTo(1);
    assertThat(stats.packetsLate()).isEqualTo(8);
    put(9, now);
    assertThat(drain(now + DEPTH)).first().isNotEqualTo(0);
  }

  @Test
  void timestampsWrapAround() {
    long start = 0xFFFFFFFFL - 159; // the second frame wraps past 2^32
    buffer.put(start, frame(1), 0);
    buffer.put((start + 160) & 0xFFFFFFFFL, frame(2), 20);
    buffer.put((start + 320) & 0xFFFFFFFFL, frame(3), 40);
    assertThat(drain(60 + 2 * 20)).containsExactly(1, 2, 3);
  }

  @Test
  void packetsOfAnotherSizeAreCutIntoFrames() {
    // 30 ms packets (240 samples) play as 20 ms frames.
    short[] a = new short[240];
    Arrays.fill(a, (short) 1);
    short[] b = new short[240];
    Arrays.fill(b, (short) 2);
    buffer.put(0, a, 0);
    buffer.put(240, b, 30);
    List<short[]> frames = buffer.drain(60 + 2 * 20);
    assertThat(frames).hasSize(3);
    assertThat(frames.get(0)).containsOnly((short) 1);
    assertThat(frames.get(1)[79]).isEqualTo((short) 1);
    assertThat(frames.get(1)[80]).isEqualTo((short) 2);
    assertThat(frames.get(2)).containsOnly((short) 2);
  }
}
