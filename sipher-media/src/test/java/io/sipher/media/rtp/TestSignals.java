package io.sipher.media.rtp;

import io.sipher.media.audio.AudioSource;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** Signals and waiting for the session tests. */
final class TestSignals {
  private TestSignals() {}

  /** {@code n} samples of a sine. */
  static short[] tone(double hz, int n) throws Exception {
    AudioSource source = AudioSource.tone(hz, 0.5);
    short[] out = new short[n];
    short[] frame = new short[AudioSource.FRAME_SAMPLES];
    for (int i = 0; i < n; i += frame.length) {
      source.read(frame);
      System.arraycopy(frame, 0, out, i, Math.min(frame.length, n - i));
    }
    return out;
  }

  /**
   * Something with the structure of speech: a gliding pitch with harmonics shaped by three
   * formants, syllables four times a second with pauses between them, and a little breath noise.
   */
  static short[] speechLike(int n, long seed) {
    Random random = new Random(seed);
    short[] out = new short[n];
    double phase = 0;
    for (int i = 0; i < n; i++) {
      double t = i / 8000.0;
      double pitch = 120 + 40 * Math.sin(2 * Math.PI * 1.5 * t);
      phase += 2 * Math.PI * pitch / 8000;
      double voiced = 0;
      for (int h = 1; h * pitch < 3800; h++) {
        voiced += Math.sin(h * phase) * formants(h * pitch) / Math.sqrt(h);
      }
      double envelope = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
      double value = 9000 * envelope * voiced + 200 * envelope * random.nextGaussian();
      out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value));
    }
    return out;
  }

  private static double formants(double f) {
    return bump(f, 500, 120) + 0.6 * bump(f, 1500, 200) + 0.3 * bump(f, 2500, 300);
  }

  private static double bump(double f, double centre, double width) {
    double x = (f - centre) / width;
    return Math.exp(-x * x);
  }

  /** Waits for a condition; gives up after a generous deadline so a broken build cannot hang. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(10);
    }
  }
}
