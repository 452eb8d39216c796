package io.sipher.media.rtp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1): how the reporter hears one source.
 *
 * @param ssrc the source reported on
 * @param fractionLost lost fraction since the previous report, in 1/256 units (0 to 255)
 * @param cumulativeLost packets lost since the start, a signed 24-bit number (duplicates can make
 *     it negative)
 * @param extendedHighestSequence cycles of the sequence number in the high 16 bits, highest
 *     sequence number received in the low 16 bits
 * @param jitter interarrival jitter in timestamp units (§6.4.1, §A.8)
 * @param lastSr the middle 32 bits of the NTP timestamp of the last SR from the source, 0 if none
 * @param delaySinceLastSr delay from receiving that SR to sending this block, in 1/65536 s
 */
public record ReportBlock(
    long ssrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSequence,
    long jitter,
    long lastSr,
    long delaySinceLastSr) {

  /** Bytes in one block. */
  public static final int BYTES = 24;

  public ReportBlock {
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost is 8 bits");
    }
    if (cumulativeLost < -0x800000 || cumulativeLost > 0x7FFFFF) {
      throw new IllegalArgumentException("cumulative lost is a signed 24-bit number");
    }
  }

  /** The fraction lost as a number from 0 to 1. */
  public double fractionLostRatio() {
    return fractionLost / 256.0;
  }

  static ReportBlock read(byte[] b, int offset) {
    int lost24 = (Bytes.u8(b, offset + 5) << 16) | Bytes.u16(b, offset + 6);
    int lost = (lost24 << 8) >> 8; // sign-extend the 24-bit value
    return new ReportBlock(
        Bytes.u32(b, offset),
        Bytes.u8(b, offset + 4),
        lost,
        Bytes.u32(b, offset + 8),
        Bytes.u32(b, offset + 12),
        Bytes.u32(b, offset + 16),
        Bytes.u32(b, offset + 20));
  }

  void write(byte[] b, int offset) {
    Bytes.put32(b, offset, ssrc);
    b[offset + 4] = (byte) fractionLost;
    b[offset + 5] = (byte) (cumulativeLost >> 16);
    Bytes.put16(b, offset + 6, cumulativeLost & 0xFFFF);
    Bytes.put32(b, offset + 8, extendedHighestSequence);
    Bytes.put32(b, offset + 12, jitter);
    Bytes.put32(b, offset + 16, lastSr);
    Bytes.put32(b, offset + 20, delaySinceLastSr);
  }
}
