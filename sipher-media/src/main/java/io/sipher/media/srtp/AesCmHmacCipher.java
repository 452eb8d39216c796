package io.sipher.media.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-128 counter mode (RFC 3711 §4.1.1) with HMAC-SHA1 authentication (RFC 3711 §4.2.1).
 *
 * <p>The keystream is made by encrypting the counter blocks with an AES/ECB Cipher that is keyed
 * once, so a packet costs no Cipher re-initialisation. Counter blocks are IV + j for block j; the
 * IV's low 16 bits are zero and a UDP datagram has fewer than 2^16 blocks, so j only ever fills the
 * last two octets.
 */
final class AesCmHmacCipher extends PacketCipher {
  private final Cipher ecb;
  private final Mac hmac;
  private final byte[] salt;
  private final int tagLength;
  private final byte[] iv = new byte[16];
  private final byte[] mac = new byte[20];
  private final byte[] computedTag;
  private final byte[] receivedTag;
  private final byte[] roc = new byte[4];
  private byte[] counters = new byte[0];
  private byte[] keystream = new byte[0];

  AesCmHmacCipher(SessionKeys keys, int tagLength) {
    this.salt = keys.salt.clone();
    this.tagLength = tagLength;
    this.computedTag = new byte[tagLength];
    this.receivedTag = new byte[tagLength];
    try {
      ecb = Cipher.getInstance("AES/ECB/NoPadding");
      ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.cipherKey, "AES"));
      hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(keys.authKey, "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES or HmacSHA1 is not available", e);
    }
  }

  @Override
  int tagLength() {
    return tagLength;
  }

  @Override
  int protectRtp(byte[] in, int headerLength, int length, int ssrc, long index, byte[] out) {
    System.arraycopy(in, 0, out, 0, headerLength);
    applyKeystream(ssrc, index, in, headerLength, out, headerLength, length - headerLength);
    // RFC 3711 §4.2: the tag covers the authenticated portion (header and encrypted payload)
    // followed by the ROC, which is not sent.
    computeMac(out, length, (int) (index >>> 16));
    System.arraycopy(mac, 0, out, length, tagLength);
    return length + tagLength;
  }

  @Override
  int unprotectRtp(byte[] in, int headerLength, int length, int ssrc, long index, byte[] out) {
    int authenticated = length - tagLength;
    computeMac(in, authenticated, (int) (index >>> 16));
    if (!tagMatches(in, authenticated)) {
      return -1;
    }
    System.arraycopy(in, 0, out, 0, headerLength);
    applyKeystream(ssrc, index, in, headerLength, out, headerLength, authenticated - headerLength);
    return authenticated;
  }

  @Override
  int protectRtcp(byte[] in, int length, int ssrc, int index, boolean encrypt, byte[] out) {
    // RFC 3711 §3.4: the first 8 octets stay clear; then E||SRTCP index, then the tag over all.
    System.arraycopy(in, 0, out, 0, 8);
    if (encrypt) {
      applyKeystream(ssrc, index, in, 8, out, 8, length - 8);
    } else {
      System.arraycopy(in, 8, out, 8, length - 8);
    }
    writeInt(out, length, encrypt ? index | 0x8000_0000 : index);
    hmac.update(out, 0, length + 4);
    finishMac();
    System.arraycopy(mac, 0, out, length + 4, tagLength);
    return length + 4 + tagLength;
  }

  @Override
  int unprotectRtcp(byte[] in, int length, int ssrc, int index, boolean encrypted, byte[] out) {
    int authenticated = length - tagLength;
    hmac.update(in, 0, authenticated);
    finishMac();
    if (!tagMatches(in, authenticated)) {
      return -1;
    }
    int plain = authenticated - 4;
    System.arraycopy(in, 0, out, 0, 8);
    if (encrypted) {
      applyKeystream(ssrc, index, in, 8, out, 8, plain - 8);
    } else {
      System.arraycopy(in, 8, out, 8, plain - 8);
    }
    return plain;
  }

  @Override
  int srtcpIndexOffset(int length) {
    return length - tagLength - 4;
  }

  /**
   * XORs {@code length} octets of keystream for (SSRC, index) into {@code out}: RFC 3711 §4.1.1, IV
   * = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
   */
  void applyKeystream(
      int ssrc, long index, byte[] in, int inOffset, byte[] out, int outOffset, int length) {
    System.arraycopy(salt, 0, iv, 0, 14);
    iv[14] = 0;
    iv[15] = 0;
    iv[4] ^= (byte) (ssrc >>> 24);
    iv[5] ^= (byte) (ssrc >>> 16);
    iv[6] ^= (byte) (ssrc >>> 8);
    iv[7] ^= (byte) ssrc;
    for (int k = 0; k < 6; k++) {
      iv[8 + k] ^= (byte) (index >>> (40 - 8 * k));
    }
    int blocks = (length + 15) >>> 4;
    int bytes = blocks * 16;
    if (counters.length < bytes) {
      counters = new byte[bytes];
      keystream = new byte[bytes];
    }
    for (int b = 0; b < blocks; b++) {
      int at = b * 16;
      System.arraycopy(iv, 0, counters, at, 14);
      counters[at + 14] = (byte) (b >>> 8);
      counters[at + 15] = (byte) b;
    }
    try {
      ecb.doFinal(counters, 0, bytes, keystream, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB failed on whole blocks", e);
    }
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = (byte) (in[inOffset + i] ^ keystream[i]);
    }
  }

  private void computeMac(byte[] packet, int length, int rolloverCounter) {
    hmac.update(packet, 0, length);
    writeInt(roc, 0, rolloverCounter);
    hmac.update(roc);
    finishMac();
  }

  private void finishMac() {
    try {
      hmac.doFinal(mac, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC output buffer too small", e);
    }
  }

  /** Compares the received tag at {@code in[at]} with the computed one in constant time. */
  private boolean tagMatches(byte[] in, int at) {
    System.arraycopy(in, at, receivedTag, 0, tagLength);
    System.arraycopy(mac, 0, computedTag, 0, tagLength);
    return MessageDigest.isEqual(computedTag, receivedTag);
  }
}
