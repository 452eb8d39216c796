package io.sipher.media.srtp;

/**
 * The per-packet transform of one set of session keys, with the packet index given by the caller:
 * the cryptography of RFC 3711 §3.3/§3.4 or RFC 7714 §8/§9 without the bookkeeping (rollover
 * counter, replay window, key limits), which lives in {@link SrtpSender} and {@link SrtpReceiver}.
 *
 * <p>An instance holds its Cipher and Mac objects and scratch buffers, so it is used by one thread
 * at a time. Output arrays are sized by the caller; inputs are never modified.
 */
abstract class PacketCipher {

  static PacketCipher create(SrtpProfile profile, SessionKeys keys, boolean forRtcp) {
    return profile.isAead()
        ? new AesGcmCipher(keys)
        : new AesCmHmacCipher(keys, forRtcp ? profile.rtcpTagLength() : profile.rtpTagLength());
  }

  /** Octets of authentication tag this transform appends. */
  abstract int tagLength();

  /**
   * Protects the RTP packet {@code in[0, length)} whose header is {@code headerLength} octets,
   * writing header, encrypted payload and tag to {@code out}, which holds at least {@code length +
   * tagLength()} octets. Returns the SRTP packet length.
   */
  abstract int protectRtp(
      byte[] in, int headerLength, int length, int ssrc, long index, byte[] out);

  /**
   * Authenticates and decrypts the SRTP packet {@code in[0, length)}, writing the RTP packet to
   * {@code out} ({@code length - tagLength()} octets). Returns that length, or -1 when the tag does
   * not verify, in which case nothing meaningful was written.
   */
  abstract int unprotectRtp(
      byte[] in, int headerLength, int length, int ssrc, long index, byte[] out);

  /**
   * Protects the RTCP compound packet {@code in[0, length)} with SRTCP index {@code index},
   * encrypting it when {@code encrypt} (the E-flag). {@code out} holds at least {@code length + 4 +
   * tagLength()} octets. Returns the SRTCP packet length.
   */
  abstract int protectRtcp(byte[] in, int length, int ssrc, int index, boolean encrypt, byte[] out);

  /**
   * Authenticates and, when {@code encrypted}, decrypts the SRTCP packet {@code in[0, length)},
   * whose E-flag and index the caller has read from {@link #srtcpIndexOffset(int)}. Writes the RTCP
   * packet ({@code length - 4 - tagLength()} octets) to {@code out}; returns its length or -1.
   */
  abstract int unprotectRtcp(
      byte[] in, int length, int ssrc, int index, boolean encrypted, byte[] out);

  /** Where the 32-bit E-flag||SRTCP-index word sits in an SRTCP packet of {@code length}. */
  abstract int srtcpIndexOffset(int length);

  static void writeInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | b[at + 3] & 0xFF;
  }
}
