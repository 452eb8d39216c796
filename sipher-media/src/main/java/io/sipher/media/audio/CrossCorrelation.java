package io.sipher.media.audio;

/**
 * Normalised cross-correlation of two recordings, to tell whether one is a delayed copy of the
 * other: a coefficient near 1 means the same waveform, near 0 unrelated signals. G.711 alone keeps
 * it above 0.99; lost frames and clipping lower it.
 */
public final class CrossCorrelation {

  /**
   * The best alignment found.
   *
   * @param lag how many samples later the reference appears in the other signal (negative when
   *     earlier)
   * @param coefficient the normalised correlation at that lag, -1 to 1
   */
  public record Match(int lag, double coefficient) {}

  private CrossCorrelation() {}

  /**
   * Finds the lag in {@code [-maxLag, maxLag]} where {@code signal} best matches {@code reference}.
   * At each lag only the overlapping samples count, and only lags where the overlap covers at least
   * half of the shorter input are considered, so that a few matching samples at the edge cannot
   * win. Each side is normalised by its own energy over the overlap, so a louder or quieter copy
   * still scores 1.
   */
  public static Match bestMatch(short[] reference, short[] signal, int maxLag) {
    if (maxLag < 0) {
      throw new IllegalArgumentException("maxLag < 0");
    }
    int minOverlap = Math.max(1, Math.min(reference.length, signal.length) / 2);
    Match best = new Match(0, 0);
    boolean found = false;
    for (int lag = -maxLag; lag <= maxLag; lag++) {
      int from = Math.max(0, -lag);
      int to = Math.min(reference.length, signal.length - lag);
      if (to - from < minOverlap) {
        continue;
      }
      double c = coefficient(reference, signal, lag, from, to);
      if (!found || c > best.coefficient()) {
        best = new Match(lag, c);
        found = true;
      }
    }
    return best;
  }

  private static double coefficient(short[] ref, short[] sig, int lag, int from, int to) {
    double cross = 0;
    double refEnergy = 0;
    double sigEnergy = 0;
    for (int i = from; i < to; i++) {
      double a = ref[i];
      double b = sig[i + lag];
      cross += a * b;
      refEnergy += a * a;
      sigEnergy += b * b;
    }
    if (refEnergy == 0 || sigEnergy == 0) {
      return 0;
    }
    return cross / Math.sqrt(refEnergy * sigEnergy);
  }
}
