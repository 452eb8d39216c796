package io.sipher.media.srtp;

/** The SRTP packet index (RFC 3711 §3.3.1) and the RTP header sizes it is read from. */
final class PacketIndex {
  /** One past the largest 48-bit index: 2^32 rollovers of a 16-bit sequence number. */
  static final long LIMIT = 1L << 48;

  /**
   * The largest packet either side handles: no UDP datagram is larger, and it keeps the AES-CM
   * block counter within the 16 bits RFC 3711 §4.1.1 gives it (2^16 blocks would be 1 MiB).
   */
  static final int MAX_PACKET = 65535;

  private PacketIndex() {}

  /**
   * Estimates the index of a packet with sequence number {@code seq} given the highest index seen
   * so far ({@code -1} for none), by RFC 3711 Appendix A: the guess whose rollover counter puts the
   * packet closest to s_l. The first packet of a stream has ROC 0 (§3.3.1).
   *
   * <p>The result is negative when the packet would lie before the stream's first rollover period
   * (ROC - 1 with ROC = 0), and at least {@link #LIMIT} when the ROC would pass 2^32 - 1.
   */
  static long estimate(long highest, int seq) {
    if (highest < 0) {
      return seq;
    }
    long roc = highest >>> 16;
    int sl = (int) (highest & 0xFFFF);
    long v;
    if (sl < 32768) {
      v = seq - sl > 32768 ? roc - 1 : roc;
    } else {
      v = sl - 32768 > seq ? roc + 1 : roc;
    }
    return v < 0 ? -1 : v << 16 | seq;
  }

  /**
   * Length of the RTP header (RFC 3550 §5.1, §5.3.1) at the start of {@code p[0, length)},
   * including CSRCs and the header extension, or -1 if it is not a version-2 header that fits.
   */
  static int rtpHeaderLength(byte[] p, int length) {
    if (length < 12) {
      return -1;
    }
    int first = p[0] & 0xFF;
    if (first >>> 6 != 2) {
      return -1;
    }
    int header = 12 + 4 * (first & 0x0F);
    if ((first & 0x10) != 0) {
      if (header + 4 > length) {
        return -1;
      }
      int words = (p[header + 2] & 0xFF) << 8 | p[header + 3] & 0xFF;
      header += 4 + 4 * words;
    }
    return header <= length ? header : -1;
  }

  /** Whether {@code p[0, length)} starts like an RTCP packet: version 2, at least 8 octets. */
  static boolean isRtcp(byte[] p, int length) {
    return length >= 8 && (p[0] & 0xFF) >>> 6 == 2;
  }

  static int sequenceNumber(byte[] p) {
    return (p[2] & 0xFF) << 8 | p[3] & 0xFF;
  }

  /** The SSRC of an RTP packet, at octet 8. */
  static int rtpSsrc(byte[] p) {
    return PacketCipher.readInt(p, 8);
  }

  /** The sender SSRC of the first packet of an RTCP compound, at octet 4. */
  static int rtcpSsrc(byte[] p) {
    return PacketCipher.readInt(p, 4);
  }
}
