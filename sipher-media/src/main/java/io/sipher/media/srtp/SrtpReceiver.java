package io.sipher.media.srtp;

import static io.sipher.media.PacketRejectedException.Reason.AUTHENTICATION_FAILED;
import static io.sipher.media.PacketRejectedException.Reason.KEY_EXPIRED;
import static io.sipher.media.PacketRejectedException.Reason.MALFORMED;
import static io.sipher.media.PacketRejectedException.Reason.REPLAYED;
import static io.sipher.media.PacketRejectedException.Reason.UNKNOWN_SSRC;

import io.sipher.media.PacketRejectedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The receiving half of an {@link SrtpTransform}: the peer's master key and a context per SSRC
 * received. Everything read before authentication (lengths, SSRC, sequence number, SRTCP index) is
 * attacker-controlled; it only chooses offsets and state to check against, and no state changes
 * until the tag has verified (RFC 3711 §3.3.1 step 5, §3.3.2).
 */
final class SrtpReceiver {
  private final PacketCipher rtp;
  private final PacketCipher rtcp;
  private final long rtpLimit;
  private final long rtcpLimit;
  private final SrtpOptions options;
  private final Map<Integer, SsrcContext> contexts = new HashMap<>();
  private SsrcContext last;
  private long rtpCount;
  private long rtcpCount;

  SrtpReceiver(
      PacketCipher rtp, PacketCipher rtcp, long rtpLimit, long rtcpLimit, SrtpOptions options) {
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.rtpLimit = rtpLimit;
    this.rtcpLimit = rtcpLimit;
    this.options = options;
  }

  byte[] unprotectRtp(byte[] packet, int length) throws PacketRejectedException {
    Objects.checkFromIndexSize(0, length, packet.length);
    int tag = rtp.tagLength();
    // The header must lie inside the authenticated portion.
    int header =
        length < 12 + tag || length > PacketIndex.MAX_PACKET
            ? -1
            : PacketIndex.rtpHeaderLength(packet, length - tag);
    if (header < 0) {
      throw new PacketRejectedException(MALFORMED, "not an SRTP packet of " + length + " octets");
    }
    if (rtpCount >= rtpLimit) {
      throw new PacketRejectedException(
          KEY_EXPIRED, "the peer's key reached " + rtpCount + " SRTP packets");
    }
    int ssrc = PacketIndex.rtpSsrc(packet);
    SsrcContext c = find(ssrc);
    long index =
        PacketIndex.estimate(c == null ? -1 : c.rtp.top(), PacketIndex.sequenceNumber(packet));
    if (index >= PacketIndex.LIMIT) {
      throw new PacketRejectedException(KEY_EXPIRED, "the 48-bit SRTP index is exhausted");
    }
    if (index < 0 || (c != null && !c.rtp.isFresh(index))) {
      throw new PacketRejectedException(
          REPLAYED, "SRTP index " + index + " of SSRC " + Integer.toUnsignedString(ssrc));
    }
    byte[] out = new byte[length - tag];
    if (rtp.unprotectRtp(packet, header, length, ssrc, index, out) < 0) {
      throw new PacketRejectedException(AUTHENTICATION_FAILED, "SRTP tag mismatch");
    }
    if (c == null) {
      c = add(ssrc);
    }
    c.rtp.accept(index);
    rtpCount++;
    return out;
  }

  byte[] unprotectRtcp(byte[] packet, int length) throws PacketRejectedException {
    Objects.checkFromIndexSize(0, length, packet.length);
    int tag = rtcp.tagLength();
    if (length < 8 + 4 + tag
        || length > PacketIndex.MAX_PACKET
        || !PacketIndex.isRtcp(packet, length)) {
      throw new PacketRejectedException(MALFORMED, "not an SRTCP packet of " + length + " octets");
    }
    int word = PacketCipher.readInt(packet, rtcp.srtcpIndexOffset(length));
    if (word >= 0) {
      // E = 0. The flag is authenticated, so this is the peer's choice, but one sipher never
      // agrees to (RFC 4568 §6.3.2 UNENCRYPTED_SRTCP is refused).
      throw new PacketRejectedException(MALFORMED, "unencrypted SRTCP was not negotiated");
    }
    int index = word & 0x7FFF_FFFF;
    if (rtcpCount >= rtcpLimit) {
      throw new PacketRejectedException(
          KEY_EXPIRED, "the peer's key reached " + rtcpCount + " SRTCP packets");
    }
    int ssrc = PacketIndex.rtcpSsrc(packet);
    SsrcContext c = find(ssrc);
    if (c != null && !c.rtcp.isFresh(index)) {
      throw new PacketRejectedException(
          REPLAYED, "SRTCP index " + index + " of SSRC " + Integer.toUnsignedString(ssrc));
    }
    byte[] out = new byte[length - 4 - tag];
    if (rtcp.unprotectRtcp(packet, length, ssrc, index, true, out) < 0) {
      throw new PacketRejectedException(AUTHENTICATION_FAILED, "SRTCP tag mismatch");
    }
    if (c == null) {
      c = add(ssrc);
    }
    c.rtcp.accept(index);
    rtcpCount++;
    return out;
  }

  /** The context of {@code ssrc}, or null if none yet and there is room for one. */
  private SsrcContext find(int ssrc) throws PacketRejectedException {
    SsrcContext c = last;
    if (c != null && c.ssrc == ssrc) {
      return c;
    }
    c = contexts.get(ssrc);
    if (c != null) {
      last = c;
      return c;
    }
    if (contexts.size() >= options.maxSsrcs()) {
      throw new PacketRejectedException(
          UNKNOWN_SSRC, "more than " + options.maxSsrcs() + " receiving SSRCs");
    }
    return null;
  }

  /** Creates the context of an SSRC whose first packet has just authenticated. */
  private SsrcContext add(int ssrc) {
    SsrcContext c = new SsrcContext(ssrc, options.replayWindow());
    contexts.put(ssrc, c);
    last = c;
    return c;
  }
}
