package io.sipher.media.srtp;

import static io.sipher.media.PacketRejectedException.Reason.KEY_EXPIRED;
import static io.sipher.media.PacketRejectedException.Reason.MALFORMED;
import static io.sipher.media.PacketRejectedException.Reason.REPLAYED;
import static io.sipher.media.PacketRejectedException.Reason.UNKNOWN_SSRC;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The sending half of an {@link SrtpTransform}: one master key, a context per SSRC sent. */
final class SrtpSender {
  private final PacketCipher rtp;
  private final PacketCipher rtcp;
  private final long rtpLimit;
  private final long rtcpLimit;
  private final SrtpOptions options;
  private final Map<Integer, SsrcContext> contexts = new HashMap<>();
  // Nearly every packet comes from the SSRC of the packet before it.
  private SsrcContext last;
  private long rtpCount;
  private long rtcpCount;

  SrtpSender(
      PacketCipher rtp, PacketCipher rtcp, long rtpLimit, long rtcpLimit, SrtpOptions options) {
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.rtpLimit = rtpLimit;
    this.rtcpLimit = rtcpLimit;
    this.options = options;
  }

  byte[] protectRtp(byte[] packet, int length) {
    Objects.checkFromIndexSize(0, length, packet.length);
    int header = length > PacketIndex.MAX_PACKET ? -1 : PacketIndex.rtpHeaderLength(packet, length);
    if (header < 0) {
      throw new SrtpProtectException(MALFORMED, "not an RTP version 2 packet");
    }
    if (rtpCount >= rtpLimit) {
      throw new SrtpProtectException(
          KEY_EXPIRED, "the master key protected " + rtpCount + " SRTP packets");
    }
    SsrcContext c = context(PacketIndex.rtpSsrc(packet));
    int seq = PacketIndex.sequenceNumber(packet);
    long index = PacketIndex.estimate(c.rtp.top(), seq);
    if (index >= PacketIndex.LIMIT) {
      throw new SrtpProtectException(KEY_EXPIRED, "the 48-bit SRTP index is exhausted");
    }
    // RFC 3711 §9.1: an index protected twice under one key reuses keystream (and, for GCM, the
    // nonce), so the sender keeps a replay window too.
    if (index < 0 || !c.rtp.isFresh(index)) {
      throw new SrtpProtectException(REPLAYED, "sequence number " + seq + " was already sent");
    }
    byte[] out = new byte[length + rtp.tagLength()];
    rtp.protectRtp(packet, header, length, c.ssrc, index, out);
    c.rtp.accept(index);
    rtpCount++;
    return out;
  }

  byte[] protectRtcp(byte[] packet, int length) {
    Objects.checkFromIndexSize(0, length, packet.length);
    if (length > PacketIndex.MAX_PACKET || !PacketIndex.isRtcp(packet, length)) {
      throw new SrtpProtectException(MALFORMED, "not an RTCP version 2 packet");
    }
    if (rtcpCount >= rtcpLimit) {
      throw new SrtpProtectException(
          KEY_EXPIRED, "the master key protected " + rtcpCount + " SRTCP packets");
    }
    SsrcContext c = context(PacketIndex.rtcpSsrc(packet));
    if (c.nextSrtcpIndex >= SrtpProfile.MAX_SRTCP_PACKETS) {
      throw new SrtpProtectException(KEY_EXPIRED, "the 31-bit SRTCP index is exhausted");
    }
    byte[] out = new byte[length + 4 + rtcp.tagLength()];
    // Always encrypted (E = 1): sipher never negotiates UNENCRYPTED_SRTCP.
    rtcp.protectRtcp(packet, length, c.ssrc, (int) c.nextSrtcpIndex, true, out);
    c.nextSrtcpIndex++;
    rtcpCount++;
    return out;
  }

  private SsrcContext context(int ssrc) {
    SsrcContext c = last;
    if (c != null && c.ssrc == ssrc) {
      return c;
    }
    c = contexts.get(ssrc);
    if (c == null) {
      if (contexts.size() >= options.maxSsrcs()) {
        throw new SrtpProtectException(
            UNKNOWN_SSRC, "more than " + options.maxSsrcs() + " sending SSRCs");
      }
      c = new SsrcContext(ssrc, options.replayWindow());
      contexts.put(ssrc, c);
    }
    last = c;
    return c;
  }
}
