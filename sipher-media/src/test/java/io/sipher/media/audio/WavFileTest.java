package io.sipher.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV files in and out, sources and sinks. */
class WavFileTest {
  @TempDir Path dir;

  private static short[] ramp(int n) {
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      s[i] = (short) (i * 37 - 20000);
    }
    return s;
  }

  @Test
  void writerFixesTheHeaderOnClose() throws Exception {
    Path file = dir.resolve("out.wav");
    short[] samples = ramp(1000);
    try (AudioSink sink = AudioSink.wav(file)) {
      sink.write(samples, 0, 600);
      sink.write(samples, 600, 400);
    }
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).hasSize(44 + 2000);
    ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(bytes, 0, 4, "US-ASCII")).isEqualTo("RIFF");
    assertThat(h.getInt(4)).isEqualTo(36 + 2000);
    assertThat(h.getShort(20)).isEqualTo((short) 1); // PCM
    assertThat(h.getShort(22)).isEqualTo((short) 1); // mono
    assertThat(h.getInt(24)).isEqualTo(8000);
    assertThat(h.getShort(34)).isEqualTo((short) 16);
    assertThat(h.getInt(40)).isEqualTo(2000);
    // The JDK reads it back unchanged.
    assertThat(WavReader.readAll(file)).isEqualTo(samples);
  }

  @Test
  void sourcePadsTheLastFrameThenEnds() throws Exception {
    Path file = dir.resolve("in.wav");
    short[] samples = ramp(400);
    try (AudioSink sink = new WavWriter(file)) {
      sink.write(samples, 0, samples.length);
    }
    short[] frame = new short[160];
    try (AudioSource source = AudioSource.wav(file, false)) {
      assertThat(source.read(frame)).isTrue();
      assertThat(frame[0]).isEqualTo(samples[0]);
      assertThat(source.read(frame)).isTrue();
      assertThat(source.read(frame)).isTrue();
      assertThat(frame[79]).isEqualTo(samples[399]);
      assertThat(frame[80]).isZero();
      assertThat(source.read(frame)).isFalse();
      assertThat(source.read(frame)).isFalse();
    }
  }

  @Test
  void loopingSourceStartsAgain() throws Exception {
    Path file = dir.resolve("loop.wav");
    short[] samples = ramp(160);
    try (AudioSink sink = new WavWriter(file)) {
      sink.write(samples, 0, samples.length);
    }
    short[] frame = new short[160];
    try (AudioSource source = AudioSource.wav(file, true)) {
      for (int i = 0; i < 5; i++) {
        assertThat(source.read(frame)).isTrue();
        assertThat(frame).isEqualTo(samples);
      }
    }
    AudioSource memory = AudioSource.of(ramp(100), true);
    memory.read(frame);
    assertThat(frame[100]).isEqualTo(ramp(100)[0]);
  }

  @Test
  void otherFormatsAreConverted() throws Exception {
    // 16 kHz stereo 16-bit: a 500 Hz tone on both channels.
    int n = 16000;
    byte[] pcm = new byte[n * 4];
    for (int i = 0; i < n; i++) {
      short v = (short) (10000 * Math.sin(2 * Math.PI * 500 * i / 16000.0));
      for (int c = 0; c < 2; c++) {
        pcm[4 * i + 2 * c] = (byte) v;
        pcm[4 * i + 2 * c + 1] = (byte) (v >> 8);
      }
    }
    AudioFormat format = new AudioFormat(16000f, 16, 2, true, false);
    Path file = dir.resolve("wide.wav");
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(pcm), format, n),
        AudioFileFormat.Type.WAVE,
        file.toFile());
    short[] converted = WavReader.readAll(file);
    assertThat(converted.length).isBetween(7900, 8100);
    short[] expected = new short[8000];
    AudioSource tone = AudioSource.tone(500, 10000 / 32767.0);
    short[] frame = new short[160];
    for (int i = 0; i < 50; i++) {
      tone.read(frame);
      System.arraycopy(frame, 0, expected, 160 * i, 160);
    }
    assertThat(CrossCorrelation.bestMatch(expected, converted, 64).coefficient())
        .isGreaterThan(0.95);
  }

  @Test
  void notAudioGivesAClearError() throws Exception {
    Path file = dir.resolve("notes.wav");
    Files.writeString(file, "this is not a RIFF file at all, just text");
    assertThatThrownBy(() -> AudioSource.wav(file, false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("notes.wav")
        .hasMessageContaining("not an audio file");
  }

  @Test
  void memorySinkAndSilence() throws Exception {
    MemorySink sink = AudioSink.memory();
    short[] frame = {1, 2, 3};
    short[] silence = new short[160];
    silence[0] = 9;
    AudioSource.silence().read(silence);
    sink.write(frame, 1, 2);
    sink.write(silence, 0, 160);
    assertThat(sink.size()).isEqualTo(162);
    assertThat(sink.samples()[0]).isEqualTo((short) 2);
    assertThat(sink.samples()[2]).isZero();
  }
}
