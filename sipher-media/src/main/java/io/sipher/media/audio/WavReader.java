package io.sipher.media.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads audio files as 8,000 Hz mono 16-bit linear PCM. Parsing the RIFF container and converting
 * other rates, channel counts, sample sizes and G.711 WAV files is left to {@code
 * javax.sound.sampled}, which does all of it; anything it cannot convert is refused with a message
 * naming the file's format.
 */
public final class WavReader {

  /** The format the media path works in: 8 kHz, 16-bit signed little-endian, mono. */
  public static final AudioFormat TARGET = new AudioFormat(8000f, 16, 1, true, false);

  private WavReader() {}

  /** All samples of the file. */
  public static short[] readAll(Path file) throws IOException {
    try (AudioInputStream in = open(file)) {
      return toSamples(in.readAllBytes());
    }
  }

  /** A stream of the file's audio in {@link #TARGET} format; the caller closes it. */
  static AudioInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file));
    AudioInputStream source;
    try {
      source = AudioSystem.getAudioInputStream(raw);
    } catch (UnsupportedAudioFileException e) {
      raw.close();
      throw new IOException(
          file + ": not an audio file this JDK can read (" + e.getMessage() + ")");
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
    AudioFormat format = source.getFormat();
    if (format.matches(TARGET)) {
      return source;
    }
    if (!AudioSystem.isConversionSupported(TARGET, format)) {
      source.close();
      throw new IOException(
          file + ": cannot convert " + format + " to 8000 Hz mono 16-bit PCM with javax.sound");
    }
    try {
      return AudioSystem.getAudioInputStream(TARGET, source);
    } catch (IllegalArgumentException e) {
      source.close();
      throw new IOException(file + ": cannot convert " + format + ": " + e.getMessage(), e);
    }
  }

  static short[] toSamples(byte[] littleEndian) {
    short[] samples = new short[littleEndian.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((littleEndian[2 * i] & 0xFF) | (littleEndian[2 * i + 1] << 8));
    }
    return samples;
  }
}
