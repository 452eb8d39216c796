package io.sipher.media.srtp;

import io.sipher.media.MediaTransform;
import io.sipher.media.PacketRejectedException;

/**
 * SRTP and SRTCP (RFC 3711, and RFC 7714 for the AEAD suites) for one media stream: a sending
 * master key and a receiving master key, with an RFC 3711 §3.2 cryptographic context per SSRC in
 * each direction, created on the first packet of that SSRC.
 *
 * <p>What it does, per the RFCs:
 *
 * <ul>
 *   <li>Session keys are derived once per direction with key derivation rate 0 (RFC 3711 §4.3.1).
 *   <li>The rollover counter is estimated per RFC 3711 §3.3.1 and Appendix A, on both sides; a new
 *       SSRC starts with ROC 0.
 *   <li>Received packets pass a replay check (RFC 3711 §3.3.2, window per {@link SrtpOptions})
 *       before authentication; the window moves only after the tag verifies. The sender refuses to
 *       protect an index twice, which would reuse keystream.
 *   <li>A master key protects at most 2^48 SRTP and 2^31 SRTCP packets, or fewer if its lifetime
 *       says so (RFC 3711 §9.2); then {@code KEY_EXPIRED} until the stream is re-keyed.
 *   <li>Tags are compared in constant time. SRTCP is always sent encrypted, and unencrypted SRTCP
 *       (E-flag 0) is rejected, as sipher never negotiates it.
 * </ul>
 *
 * <p>Not supported: MKI (no MKI is sent, and none is expected), key derivation rates other than 0,
 * the NULL cipher and unauthenticated SRTP.
 *
 * <p>Threading is that of {@link MediaTransform}: the two directions share no state, so one thread
 * may protect while another unprotects. {@link #toString()} never shows key material.
 */
public final class SrtpTransform implements MediaTransform {
  private final SrtpProfile profile;
  private final SrtpSender sender;
  private final SrtpReceiver receiver;

  SrtpTransform(SrtpProfile profile, SrtpSender sender, SrtpReceiver receiver) {
    this.profile = profile;
    this.sender = sender;
    this.receiver = receiver;
  }

  /** A transform with {@link SrtpOptions#DEFAULTS}. */
  public static SrtpTransform create(SrtpProfile profile, MasterKey sending, MasterKey receiving) {
    return create(profile, sending, receiving, SrtpOptions.DEFAULTS);
  }

  /**
   * A transform protecting with {@code sending} and unprotecting with {@code receiving}.
   *
   * @throws IllegalArgumentException if a key does not fit {@code profile}, or both are the same
   *     (each direction needs its own key, RFC 4568 §7.1.2; one key both ways reuses keystream when
   *     SSRCs collide)
   */
  public static SrtpTransform create(
      SrtpProfile profile, MasterKey sending, MasterKey receiving, SrtpOptions options) {
    for (MasterKey k : new MasterKey[] {sending, receiving}) {
      if (!k.fits(profile)) {
        throw new IllegalArgumentException(k + " does not fit " + profile);
      }
    }
    if (sending.sameSecretAs(receiving)) {
      throw new IllegalArgumentException("the sending and receiving master keys are the same");
    }
    KeyDerivation out = new KeyDerivation(sending.keyBytes(), sending.saltBytes());
    KeyDerivation in = new KeyDerivation(receiving.keyBytes(), receiving.saltBytes());
    return new SrtpTransform(
        profile,
        new SrtpSender(
            PacketCipher.create(profile, SessionKeys.forRtp(profile, out), false),
            PacketCipher.create(profile, SessionKeys.forRtcp(profile, out), true),
            rtpLimit(sending),
            rtcpLimit(sending),
            options),
        new SrtpReceiver(
            PacketCipher.create(profile, SessionKeys.forRtp(profile, in), false),
            PacketCipher.create(profile, SessionKeys.forRtcp(profile, in), true),
            rtpLimit(receiving),
            rtcpLimit(receiving),
            options));
  }

  static long rtpLimit(MasterKey key) {
    return Math.min(SrtpProfile.MAX_SRTP_PACKETS, key.lifetime().orElse(Long.MAX_VALUE));
  }

  static long rtcpLimit(MasterKey key) {
    return Math.min(SrtpProfile.MAX_SRTCP_PACKETS, key.lifetime().orElse(Long.MAX_VALUE));
  }

  public SrtpProfile profile() {
    return profile;
  }

  /**
   * {@inheritDoc}
   *
   * @throws SrtpProtectException if the packet is not RTP, its index was already sent, or the
   *     sending key is used up
   */
  @Override
  public byte[] protectRtp(byte[] packet, int length) {
    return sender.protectRtp(packet, length);
  }

  @Override
  public byte[] unprotectRtp(byte[] packet, int length) throws PacketRejectedException {
    return receiver.unprotectRtp(packet, length);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SrtpProtectException if the packet is not RTCP or the sending key is used up
   */
  @Override
  public byte[] protectRtcp(byte[] packet, int length) {
    return sender.protectRtcp(packet, length);
  }

  @Override
  public byte[] unprotectRtcp(byte[] packet, int length) throws PacketRejectedException {
    return receiver.unprotectRtcp(packet, length);
  }

  @Override
  public String toString() {
    return "SrtpTransform[" + profile + ", keys redacted]";
  }
}
