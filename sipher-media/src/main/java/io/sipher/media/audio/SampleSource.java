package io.sipher.media.audio;

import java.util.Arrays;

/** Samples held in memory, played once or looped. */
final class SampleSource implements AudioSource {
  private final short[] samples;
  private final boolean loop;
  private int position;

  SampleSource(short[] samples, boolean loop) {
    this.samples = samples.clone();
    this.loop = loop;
  }

  @Override
  public boolean read(short[] frame) {
    if (samples.length == 0 || (!loop && position >= samples.length)) {
      return false;
    }
    int filled = 0;
    while (filled < FRAME_SAMPLES) {
      if (position == samples.length) {
        if (!loop) {
          Arrays.fill(frame, filled, FRAME_SAMPLES, (short) 0);
          break;
        }
        position = 0;
      }
      int n = Math.min(FRAME_SAMPLES - filled, samples.length - position);
      System.arraycopy(samples, position, frame, filled, n);
      position += n;
      filled += n;
    }
    return true;
  }
}
