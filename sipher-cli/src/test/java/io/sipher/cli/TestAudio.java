package io.sipher.cli;

import io.sipher.media.audio.AudioSink;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Audio for call tests: noise, which matches itself only at the true alignment. */
final class TestAudio {
  private TestAudio() {}

  static short[] noise(long seed, int samples) {
    Random r = new Random(seed);
    short[] s = new short[samples];
    for (int i = 0; i < samples; i++) {
      s[i] = (short) (r.nextGaussian() * 4000);
    }
    return s;
  }

  static Path wav(Path file, short[] samples) throws IOException {
    try (AudioSink sink = AudioSink.wav(file)) {
      sink.write(samples, 0, samples.length);
    }
    return file;
  }
}
