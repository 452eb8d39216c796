package io.sipher.media.audio;

import java.util.Arrays;

/**
 * Collects every sample written, for tests and short recordings. {@link #samples()} and {@link
 * #size()} may be called from another thread while the sink is written.
 */
public final class MemorySink implements AudioSink {
  private short[] buffer = new short[AudioSource.SAMPLE_RATE];
  private int size;

  @Override
  public synchronized void write(short[] samples, int offset, int length) {
    if (size + length > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + length));
    }
    System.arraycopy(samples, offset, buffer, size, length);
    size += length;
  }

  /** A copy of everything written so far. */
  public synchronized short[] samples() {
    return Arrays.copyOf(buffer, size);
  }

  /** How many samples were written. */
  public synchronized int size() {
    return size;
  }
}
