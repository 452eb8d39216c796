package io.sipher.media.rtp;

import io.sipher.media.PacketRejectedException;
import io.sipher.media.PacketRejectedException.Reason;
import java.util.Arrays;
import java.util.Objects;

/**
 * An RTP data packet (RFC 3550 §5.1): version 2 header, CSRC list, optional header extension
 * (§5.3.1), payload and padding. Immutable; the arrays are copied in and out.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * |            contributing source (CSRC) identifiers             |
 * </pre>
 *
 * @param sequenceNumber 0 to 65535
 * @param timestamp unsigned 32-bit, in the payload's clock
 * @param ssrc unsigned 32-bit
 * @param csrc up to 15 unsigned 32-bit contributing sources
 * @param extensionProfile the 16-bit profile of the header extension, or -1 when there is none
 * @param extension the extension's words (a multiple of 4 bytes), empty when there is none
 * @param paddingLength bytes of padding after the payload, the last one included, or 0
 */
public record RtpPacket(
    boolean marker,
    int payloadType,
    int sequenceNumber,
    long timestamp,
    long ssrc,
    long[] csrc,
    int extensionProfile,
    byte[] extension,
    byte[] payload,
    int paddingLength) {

  /** The RTP version this implements. */
  public static final int VERSION = 2;

  /** Bytes in the fixed header. */
  public static final int HEADER_BYTES = 12;

  public RtpPacket {
    Objects.requireNonNull(payload, "payload");
    csrc = csrc == null ? new long[0] : csrc.clone();
    extension = extension == null ? new byte[0] : extension.clone();
    payload = payload.clone();
    if (payloadType < 0 || payloadType > 127) {
      throw new IllegalArgumentException("payload type out of range: " + payloadType);
    }
    if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
      throw new IllegalArgumentException("sequence number out of range: " + sequenceNumber);
    }
    if ((timestamp >>> 32) != 0 || (ssrc >>> 32) != 0) {
      throw new IllegalArgumentException("timestamp and SSRC are 32-bit unsigned");
    }
    if (csrc.length > 15) {
      throw new IllegalArgumentException("at most 15 CSRCs");
    }
    if (extensionProfile < -1
        || extensionProfile > 0xFFFF
        || extension.length % 4 != 0
        || (extensionProfile < 0 && extension.length > 0)) {
      throw new IllegalArgumentException("bad header extension");
    }
    if (paddingLength < 0 || paddingLength > 255) {
      throw new IllegalArgumentException("padding is 1 to 255 bytes, or none");
    }
  }

  /** A packet with no CSRC, extension or padding: what a simple sender produces. */
  public static RtpPacket of(
      int payloadType, int sequenceNumber, long timestamp, long ssrc, boolean marker, byte[] data) {
    return new RtpPacket(
        marker, payloadType, sequenceNumber, timestamp, ssrc, null, -1, null, data, 0);
  }

  @Override
  public long[] csrc() {
    return csrc.clone();
  }

  @Override
  public byte[] extension() {
    return extension.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Bytes of payload, without copying it. */
  public int payloadLength() {
    return payload.length;
  }

  /** Copies the payload into {@code out} at {@code offset}. */
  public void copyPayload(byte[] out, int offset) {
    System.arraycopy(payload, 0, out, offset, payload.length);
  }

  /** Whether the header has an extension (the X bit). */
  public boolean hasExtension() {
    return extensionProfile >= 0;
  }

  /**
   * Parses the first {@code length} bytes of {@code data}, checking what RFC 3550 §A.1 lists for a
   * packet from any source: version 2, a CSRC list, extension and padding that fit the packet.
   *
   * @throws PacketRejectedException with {@link Reason#MALFORMED} otherwise
   */
  public static RtpPacket parse(byte[] data, int length) throws PacketRejectedException {
    if (length < HEADER_BYTES || length > data.length) {
      throw malformed("shorter than an RTP header");
    }
    int b0 = data[0] & 0xFF;
    if (b0 >> 6 != VERSION) {
      throw malformed("RTP version " + (b0 >> 6));
    }
    int csrcCount = b0 & 0x0F;
    int offset = HEADER_BYTES + 4 * csrcCount;
    int end = length;
    int padding = 0;
    if ((b0 & 0x20) != 0) {
      padding = data[length - 1] & 0xFF;
      // The count includes itself, so it is at least 1 and cannot reach into the header.
      if (padding == 0 || padding > length - offset) {
        throw malformed("bad padding count " + padding);
      }
      end -= padding;
    }
    if (offset > end) {
      throw malformed("CSRC list longer than the packet");
    }
    long[] csrc = new long[csrcCount];
    for (int i = 0; i < csrcCount; i++) {
      csrc[i] = Bytes.u32(data, HEADER_BYTES + 4 * i);
    }
    int profile = -1;
    byte[] extension = null;
    if ((b0 & 0x10) != 0) {
      if (offset + 4 > end) {
        throw malformed("header extension longer than the packet");
      }
      profile = Bytes.u16(data, offset);
      int words = Bytes.u16(data, offset + 2);
      if (offset + 4 + 4 * words > end) {
        throw malformed("header extension longer than the packet");
      }
      extension = Arrays.copyOfRange(data, offset + 4, offset + 4 + 4 * words);
      offset += 4 + 4 * words;
    }
    int b1 = data[1] & 0xFF;
    return new RtpPacket(
        (b1 & 0x80) != 0,
        b1 & 0x7F,
        Bytes.u16(data, 2),
        Bytes.u32(data, 4),
        Bytes.u32(data, 8),
        csrc,
        profile,
        extension,
        Arrays.copyOfRange(data, offset, end),
        padding);
  }

  /** The wire form. */
  public byte[] toBytes() {
    int extBytes = hasExtension() ? 4 + extension.length : 0;
    int length = HEADER_BYTES + 4 * csrc.length + extBytes + payload.length + paddingLength;
    byte[] out = new byte[length];
    out[0] =
        (byte)
            ((VERSION << 6)
                | (paddingLength > 0 ? 0x20 : 0)
                | (hasExtension() ? 0x10 : 0)
                | csrc.length);
    out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    Bytes.put16(out, 2, sequenceNumber);
    Bytes.put32(out, 4, timestamp);
    Bytes.put32(out, 8, ssrc);
    int offset = HEADER_BYTES;
    for (long c : csrc) {
      Bytes.put32(out, offset, c);
      offset += 4;
    }
    if (hasExtension()) {
      Bytes.put16(out, offset, extensionProfile);
      Bytes.put16(out, offset + 2, extension.length / 4);
      System.arraycopy(extension, 0, out, offset + 4, extension.length);
      offset += extBytes;
    }
    System.arraycopy(payload, 0, out, offset, payload.length);
    if (paddingLength > 0) {
      out[length - 1] = (byte) paddingLength;
    }
    return out;
  }

  private static PacketRejectedException malformed(String detail) {
    return new PacketRejectedException(Reason.MALFORMED, detail);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RtpPacket p
        && marker == p.marker
        && payloadType == p.payloadType
        && sequenceNumber == p.sequenceNumber
        && timestamp == p.timestamp
        && ssrc == p.ssrc
        && extensionProfile == p.extensionProfile
        && paddingLength == p.paddingLength
        && Arrays.equals(csrc, p.csrc)
        && Arrays.equals(extension, p.extension)
        && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(payloadType, sequenceNumber, timestamp, ssrc, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "RTP[pt="
        + payloadType
        + " seq="
        + sequenceNumber
        + " ts="
        + timestamp
        + " ssrc="
        + Long.toHexString(ssrc)
        + (marker ? " M" : "")
        + " payload="
        + payload.length
        + "]";
  }
}
