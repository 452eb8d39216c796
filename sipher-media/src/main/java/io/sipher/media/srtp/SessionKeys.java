package io.sipher.media.srtp;

/**
 * The session keys of one half of a context, SRTP or SRTCP (RFC 3711 §4.3): the cipher key, the
 * session salt and, for the HMAC suites, the authentication key. {@link #toString()} redacts them.
 */
final class SessionKeys {
  final byte[] cipherKey;
  final byte[] salt;
  final byte[] authKey;

  SessionKeys(byte[] cipherKey, byte[] salt, byte[] authKey) {
    this.cipherKey = cipherKey;
    this.salt = salt;
    this.authKey = authKey;
  }

  /** The SRTP session keys (labels 0x00..0x02) for {@code profile}. */
  static SessionKeys forRtp(SrtpProfile profile, KeyDerivation kdf) {
    return derive(
        profile,
        kdf,
        KeyDerivation.LABEL_RTP_ENCRYPTION,
        KeyDerivation.LABEL_RTP_AUTH,
        KeyDerivation.LABEL_RTP_SALT);
  }

  /** The SRTCP session keys (labels 0x03..0x05). */
  static SessionKeys forRtcp(SrtpProfile profile, KeyDerivation kdf) {
    return derive(
        profile,
        kdf,
        KeyDerivation.LABEL_RTCP_ENCRYPTION,
        KeyDerivation.LABEL_RTCP_AUTH,
        KeyDerivation.LABEL_RTCP_SALT);
  }

  private static SessionKeys derive(
      SrtpProfile profile, KeyDerivation kdf, int encLabel, int authLabel, int saltLabel) {
    // The session key is as long as the master key and the session salt as the master salt
    // (RFC 3711 §8.2, RFC 7714 §12); AEAD suites derive no authentication key.
    byte[] cipherKey = kdf.derive(encLabel, profile.masterKeyLength());
    byte[] salt = kdf.derive(saltLabel, profile.masterSaltLength());
    int authLength = profile.sessionAuthKeyLength();
    byte[] authKey = authLength == 0 ? new byte[0] : kdf.derive(authLabel, authLength);
    return new SessionKeys(cipherKey, salt, authKey);
  }

  @Override
  public String toString() {
    return "SessionKeys[redacted]";
  }
}
