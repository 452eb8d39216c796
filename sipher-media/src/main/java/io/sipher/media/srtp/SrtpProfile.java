package io.sipher.media.srtp;

import java.util.Optional;

/**
 * The SRTP crypto suites sipher speaks, named as SDES names them (RFC 4568 §6.2, RFC 7714 §14.1).
 *
 * <table>
 *   <caption>Parameters per suite</caption>
 *   <tr><th>suite</th><th>master key</th><th>master salt</th><th>SRTP tag</th><th>SRTCP tag</th>
 *       <th>source</th></tr>
 *   <tr><td>AES_CM_128_HMAC_SHA1_80</td><td>16</td><td>14</td><td>10</td><td>10</td>
 *       <td>RFC 4568 §6.2.1</td></tr>
 *   <tr><td>AES_CM_128_HMAC_SHA1_32</td><td>16</td><td>14</td><td>4</td><td>10</td>
 *       <td>RFC 4568 §6.2.2</td></tr>
 *   <tr><td>AEAD_AES_128_GCM</td><td>16</td><td>12</td><td>16</td><td>16</td>
 *       <td>RFC 7714 §12</td></tr>
 *   <tr><td>AEAD_AES_256_GCM</td><td>32</td><td>12</td><td>16</td><td>16</td>
 *       <td>RFC 7714 §12</td></tr>
 * </table>
 *
 * <p>Lengths are in octets. Every suite allows 2^48 SRTP and 2^31 SRTCP packets per master key (RFC
 * 3711 §9.2, RFC 7714 §12).
 */
public enum SrtpProfile {
  AES_CM_128_HMAC_SHA1_80(16, 14, 10, 10, false),
  // RFC 4568 §6.2.2: only the SRTP tag is shortened; SRTCP keeps the 80-bit tag.
  AES_CM_128_HMAC_SHA1_32(16, 14, 4, 10, false),
  AEAD_AES_128_GCM(16, 12, 16, 16, true),
  AEAD_AES_256_GCM(32, 12, 16, 16, true);

  /** RFC 3711 §9.2: SRTP packets one master key may protect. */
  public static final long MAX_SRTP_PACKETS = 1L << 48;

  /** RFC 3711 §9.2: SRTCP packets one master key may protect (the 31-bit SRTCP index). */
  public static final long MAX_SRTCP_PACKETS = 1L << 31;

  private final int masterKeyLength;
  private final int masterSaltLength;
  private final int rtpTagLength;
  private final int rtcpTagLength;
  private final boolean aead;

  SrtpProfile(
      int masterKeyLength,
      int masterSaltLength,
      int rtpTagLength,
      int rtcpTagLength,
      boolean aead) {
    this.masterKeyLength = masterKeyLength;
    this.masterSaltLength = masterSaltLength;
    this.rtpTagLength = rtpTagLength;
    this.rtcpTagLength = rtcpTagLength;
    this.aead = aead;
  }

  /**
   * The suite for an SDES crypto-suite name, if supported. ABNF literals are case-insensitive (RFC
   * 5234 §2.3), so the name is too.
   */
  public static Optional<SrtpProfile> forSdesName(String name) {
    for (SrtpProfile p : values()) {
      if (p.name().equalsIgnoreCase(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The crypto-suite token of an SDES {@code a=crypto} line. */
  public String sdesName() {
    return name();
  }

  public int masterKeyLength() {
    return masterKeyLength;
  }

  public int masterSaltLength() {
    return masterSaltLength;
  }

  /** Octets an SRTP packet grows by: the authentication tag (no MKI is ever sent). */
  public int rtpTagLength() {
    return rtpTagLength;
  }

  /** Octets of the SRTCP authentication tag; the 4-octet E-flag and index come on top. */
  public int rtcpTagLength() {
    return rtcpTagLength;
  }

  /** Whether the suite is an AEAD one (RFC 7714), where the tag comes from GCM, not HMAC-SHA1. */
  public boolean isAead() {
    return aead;
  }

  /** Session authentication key length: HMAC-SHA1 keys are 160 bits (RFC 3711 §4.2.1). */
  int sessionAuthKeyLength() {
    return isAead() ? 0 : 20;
  }
}
