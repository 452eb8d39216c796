package io.sipher.media;

/** An incoming media packet that must be dropped, and why. */
public final class PacketRejectedException extends Exception {

  /** Why a packet was rejected; counted per reason by the receiver. */
  public enum Reason {
    /** Shorter than a header plus the authentication tag, or a header that does not parse. */
    MALFORMED,
    /** The authentication tag (HMAC-SHA1 or GCM) does not match: tampered or wrong key. */
    AUTHENTICATION_FAILED,
    /** The index was already received or lies behind the replay window (RFC 3711 §3.3.2). */
    REPLAYED,
    /** No cryptographic context for this SSRC and none may be created. */
    UNKNOWN_SSRC,
    /** The master key reached its packet limit (RFC 3711 §9.2) or its lifetime. */
    KEY_EXPIRED
  }

  private final Reason reason;

  public PacketRejectedException(Reason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
