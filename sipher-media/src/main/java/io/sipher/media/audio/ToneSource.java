package io.sipher.media.audio;

/** A sine tone whose phase runs on across frames, so that frame edges do not click. */
final class ToneSource implements AudioSource {
  private final double phaseStep;
  private final double peak;
  private double phase;

  ToneSource(double frequencyHz, double amplitude) {
    if (!(frequencyHz > 0 && frequencyHz < SAMPLE_RATE / 2.0)) {
      throw new IllegalArgumentException("tone frequency must be in (0, 4000) Hz: " + frequencyHz);
    }
    if (!(amplitude >= 0 && amplitude <= 1)) {
      throw new IllegalArgumentException("amplitude must be in [0, 1]: " + amplitude);
    }
    this.phaseStep = 2 * Math.PI * frequencyHz / SAMPLE_RATE;
    this.peak = amplitude * Short.MAX_VALUE;
  }

  @Override
  public boolean read(short[] frame) {
    for (int i = 0; i < FRAME_SAMPLES; i++) {
      frame[i] = (short) Math.round(peak * Math.sin(phase));
      phase += phaseStep;
    }
    phase %= 2 * Math.PI;
    return true;
  }
}
