package io.sipher.media.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes 8,000 Hz mono 16-bit PCM to a canonical 44-byte-header WAV file as samples arrive. The
 * RIFF and data sizes are unknown until the end, so the header is written with zero sizes and fixed
 * up on {@link #close()}; a file that was never closed still holds its samples.
 */
public final class WavWriter implements AudioSink {
  private static final int HEADER_BYTES = 44;
  private static final int MAX_DATA_BYTES = Integer.MAX_VALUE - HEADER_BYTES;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
  private long dataBytes;
  private boolean closed;

  public WavWriter(Path file) throws IOException {
    channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    // A relative write, so that the samples follow the header.
    ByteBuffer header = header(0);
    while (header.hasRemaining()) {
      channel.write(header);
    }
  }

  @Override
  public void write(short[] samples, int offset, int length) throws IOException {
    if (closed) {
      throw new IOException("WAV writer is closed");
    }
    for (int i = 0; i < length; i++) {
      if (dataBytes + 2 > MAX_DATA_BYTES) {
        throw new IOException("WAV file full: a RIFF size is 32 bits");
      }
      if (buffer.remaining() < 2) {
        flush();
      }
      buffer.putShort(samples[offset + i]);
      dataBytes += 2;
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      flush();
      writeFully(header(dataBytes), 0);
    }
  }

  private void writeFully(ByteBuffer b, long position) throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  private static ByteBuffer header(long dataBytes) {
    int rate = AudioSource.SAMPLE_RATE;
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes));
    h.put(new byte[] {'W', 'A', 'V', 'E'});
    h.put(new byte[] {'f', 'm', 't', ' '}).putInt(16);
    h.putShort((short) 1); // PCM
    h.putShort((short) 1); // mono
    h.putInt(rate).putInt(rate * 2); // sample rate, byte rate
    h.putShort((short) 2).putShort((short) 16); // block align, bits per sample
    h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
    return h.flip();
  }
}
