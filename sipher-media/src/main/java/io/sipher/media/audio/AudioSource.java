package io.sipher.media.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the audio a call sends comes from: 8,000 Hz mono 16-bit samples, pulled one 20 ms frame at
 * a time by the media sender's clock. Implementations are used from one thread.
 */
public interface AudioSource extends Closeable {

  /** Samples per second. */
  int SAMPLE_RATE = G711.CLOCK_RATE;

  /** Samples in one 20 ms frame. */
  int FRAME_SAMPLES = 160;

  /**
   * Fills {@code frame} (at least {@link #FRAME_SAMPLES} long) with the next 20 ms. A short last
   * frame is padded with silence.
   *
   * @return false when the source has ended; the frame is then left unchanged
   */
  boolean read(short[] frame) throws IOException;

  @Override
  default void close() throws IOException {}

  /** Endless silence. */
  static AudioSource silence() {
    return frame -> {
      java.util.Arrays.fill(frame, 0, FRAME_SAMPLES, (short) 0);
      return true;
    };
  }

  /**
   * An endless sine tone.
   *
   * @param frequencyHz below the Nyquist frequency of 4,000 Hz
   * @param amplitude peak level as a fraction of full scale, 0 to 1
   */
  static AudioSource tone(double frequencyHz, double amplitude) {
    return new ToneSource(frequencyHz, amplitude);
  }

  /** The given samples, once or over and over. */
  static AudioSource of(short[] samples, boolean loop) {
    return new SampleSource(samples, loop);
  }

  /**
   * A WAV file (other formats the JDK can read and convert are accepted too, see {@link
   * WavReader}), played once or looped.
   *
   * @throws IOException when the file cannot be read or converted to 8 kHz mono 16-bit
   */
  static AudioSource wav(Path file, boolean loop) throws IOException {
    return new WavFileSource(file, loop);
  }
}
