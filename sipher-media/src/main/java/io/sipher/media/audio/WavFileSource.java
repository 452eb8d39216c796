package io.sipher.media.audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioInputStream;

/** Streams a file frame by frame; a looping source reopens the file at its end. */
final class WavFileSource implements AudioSource {
  private final Path file;
  private final boolean loop;
  private final byte[] bytes = new byte[FRAME_SAMPLES * 2];
  private AudioInputStream in;
  private boolean anySamples;

  WavFileSource(Path file, boolean loop) throws IOException {
    this.file = file;
    this.loop = loop;
    this.in = WavReader.open(file);
  }

  @Override
  public boolean read(short[] frame) throws IOException {
    if (in == null) {
      return false;
    }
    int filled = fill(0);
    if (filled == 0 && loop && anySamples) {
      reopen();
      filled = fill(0);
    }
    if (filled == 0) {
      close();
      return false;
    }
    anySamples = true;
    Arrays.fill(bytes, filled, bytes.length, (byte) 0);
    short[] samples = WavReader.toSamples(bytes);
    System.arraycopy(samples, 0, frame, 0, FRAME_SAMPLES);
    return true;
  }

  private int fill(int from) throws IOException {
    int filled = from;
    while (filled < bytes.length) {
      int n = in.read(bytes, filled, bytes.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
    }
    // An odd trailing byte is half a sample: drop it.
    return filled & ~1;
  }

  private void reopen() throws IOException {
    in.close();
    in = WavReader.open(file);
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
      in = null;
    }
  }
}
