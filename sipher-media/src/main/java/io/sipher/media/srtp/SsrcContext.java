package io.sipher.media.srtp;

/**
 * The per-SSRC part of an RFC 3711 §3.2 cryptographic context: the replay windows, whose highest
 * index also carries the rollover counter and s_l (§3.3.1), and the sender's next SRTCP index.
 * Session keys are shared by all SSRCs of a direction, since with a key derivation rate of zero
 * they do not depend on the SSRC; the SSRC in every IV keeps the keystreams apart.
 */
final class SsrcContext {
  final int ssrc;
  final ReplayWindow rtp;
  final ReplayWindow rtcp;

  /** RFC 3711 §3.4: the SRTCP index starts at zero and counts every SRTCP packet sent. */
  long nextSrtcpIndex;

  SsrcContext(int ssrc, int window) {
    this.ssrc = ssrc;
    this.rtp = new ReplayWindow(window);
    this.rtcp = new ReplayWindow(window);
  }
}
