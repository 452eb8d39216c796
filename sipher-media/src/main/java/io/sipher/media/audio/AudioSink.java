package io.sipher.media.audio;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the audio a call receives goes: 8,000 Hz mono 16-bit samples, pushed one 20 ms frame at a
 * time by the playout clock. Implementations are used from one thread.
 */
public interface AudioSink extends Closeable {

  /** Takes {@code length} samples starting at {@code samples[offset]}. */
  void write(short[] samples, int offset, int length) throws IOException;

  @Override
  default void close() throws IOException {}

  /** A sink that drops everything. */
  static AudioSink discard() {
    return (samples, offset, length) -> {};
  }

  /** A 16-bit PCM WAV file whose header is completed on {@link #close()}. */
  static AudioSink wav(Path file) throws IOException {
    return new WavWriter(file);
  }

  /** A sink that keeps everything in memory, for tests. */
  static MemorySink memory() {
    return new MemorySink();
  }
}
