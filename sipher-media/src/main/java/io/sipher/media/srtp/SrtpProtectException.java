package io.sipher.media.srtp;

import io.sipher.media.PacketRejectedException;

/**
 * An outgoing packet that cannot be protected. Unchecked because {@link
 * io.sipher.media.MediaTransform#protectRtp} declares nothing: every cause is either a caller bug
 * (a packet that is not RTP, an index sent twice) or the end of the key's life, which calls for a
 * re-key (a new offer/answer), not a retry.
 */
public final class SrtpProtectException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final PacketRejectedException.Reason reason;

  public SrtpProtectException(PacketRejectedException.Reason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  /**
   * {@code MALFORMED} (not an RTP/RTCP packet), {@code REPLAYED} (this SRTP index or SRTCP index
   * was already used with this key, which would reuse keystream), {@code UNKNOWN_SSRC} (too many
   * SSRCs) or {@code KEY_EXPIRED}.
   */
  public PacketRejectedException.Reason reason() {
    return reason;
  }
}
