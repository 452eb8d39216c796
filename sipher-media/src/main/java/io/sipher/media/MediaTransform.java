package io.sipher.media;

/**
 * Turns outgoing RTP and RTCP packets into their wire form and incoming wire packets back into
 * plain packets: SRTP/SRTCP (RFC 3711, RFC 7714), or nothing at all for plain RTP.
 *
 * <p>One instance serves one direction pair of one media stream (an RFC 3711 cryptographic context
 * per SSRC lives inside it). Methods are not thread-safe: one sender thread may protect while one
 * receiver thread unprotects, but not two threads in the same direction.
 */
public interface MediaTransform {

  /** Plain RTP: packets pass unchanged. */
  MediaTransform NONE =
      new MediaTransform() {
        @Override
        public byte[] protectRtp(byte[] packet, int length) {
          return java.util.Arrays.copyOf(packet, length);
        }

        @Override
        public byte[] unprotectRtp(byte[] packet, int length) {
          return java.util.Arrays.copyOf(packet, length);
        }

        @Override
        public byte[] protectRtcp(byte[] packet, int length) {
          return java.util.Arrays.copyOf(packet, length);
        }

        @Override
        public byte[] unprotectRtcp(byte[] packet, int length) {
          return java.util.Arrays.copyOf(packet, length);
        }
      };

  /** Returns the wire form of the first {@code length} bytes of an RTP packet. */
  byte[] protectRtp(byte[] packet, int length);

  /**
   * Returns the plain RTP packet carried by the first {@code length} bytes of a wire packet.
   *
   * @throws PacketRejectedException when the packet fails authentication, is a replay, or is
   *     malformed; the caller drops it
   */
  byte[] unprotectRtp(byte[] packet, int length) throws PacketRejectedException;

  /** Returns the wire form of the first {@code length} bytes of an RTCP compound packet. */
  byte[] protectRtcp(byte[] packet, int length);

  /** Returns the plain RTCP compound packet carried by a wire packet. */
  byte[] unprotectRtcp(byte[] packet, int length) throws PacketRejectedException;
}
