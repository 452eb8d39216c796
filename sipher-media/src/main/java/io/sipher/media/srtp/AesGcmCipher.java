package io.sipher.media.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM with a 16-octet tag for SRTP and SRTCP (RFC 7714 §8, §9). GCM needs a fresh IV per
 * packet, so the Cipher is re-initialised each time; the instance and the key object are reused.
 *
 * <p>The JDK's GCM decryption checks the tag before it releases any plaintext, so a forged packet
 * never yields output.
 */
final class AesGcmCipher extends PacketCipher {
  private static final int TAG_LENGTH = 16;

  private final Cipher gcm;
  private final SecretKeySpec key;
  private final byte[] salt;
  private final byte[] iv = new byte[12];
  private final byte[] esrtcp = new byte[4];

  AesGcmCipher(SessionKeys keys) {
    this.salt = keys.salt.clone();
    this.key = new SecretKeySpec(keys.cipherKey, "AES");
    try {
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  @Override
  int tagLength() {
    return TAG_LENGTH;
  }

  @Override
  int protectRtp(byte[] in, int headerLength, int length, int ssrc, long index, byte[] out) {
    System.arraycopy(in, 0, out, 0, headerLength);
    rtpIv(ssrc, index);
    try {
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
      // RFC 7714 §8.2: the associated data is the whole RTP header, CSRCs and extension included.
      gcm.updateAAD(in, 0, headerLength);
      return headerLength + gcm.doFinal(in, headerLength, length - headerLength, out, headerLength);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  int unprotectRtp(byte[] in, int headerLength, int length, int ssrc, long index, byte[] out) {
    rtpIv(ssrc, index);
    try {
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
      gcm.updateAAD(in, 0, headerLength);
      int plain = gcm.doFinal(in, headerLength, length - headerLength, out, headerLength);
      System.arraycopy(in, 0, out, 0, headerLength);
      return headerLength + plain;
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  @Override
  int protectRtcp(byte[] in, int length, int ssrc, int index, boolean encrypt, byte[] out) {
    rtcpIv(ssrc, index);
    writeInt(esrtcp, 0, encrypt ? index | 0x8000_0000 : index);
    try {
      gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
      int end;
      if (encrypt) {
        // RFC 7714 §9.2: AAD = first 8 octets || ESRTCP word; the rest is encrypted and the
        // ESRTCP word follows the cipher (tag included).
        System.arraycopy(in, 0, out, 0, 8);
        gcm.updateAAD(in, 0, 8);
        gcm.updateAAD(esrtcp, 0, 4);
        end = 8 + gcm.doFinal(in, 8, length - 8, out, 8);
      } else {
        // RFC 7714 §9.3: AAD = the whole packet || ESRTCP word; the cipher is the tag alone.
        System.arraycopy(in, 0, out, 0, length);
        gcm.updateAAD(in, 0, length);
        gcm.updateAAD(esrtcp, 0, 4);
        end = length + gcm.doFinal(in, 0, 0, out, length);
      }
      System.arraycopy(esrtcp, 0, out, end, 4);
      return end + 4;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  int unprotectRtcp(byte[] in, int length, int ssrc, int index, boolean encrypted, byte[] out) {
    rtcpIv(ssrc, index);
    int word = length - 4;
    try {
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
      if (encrypted) {
        gcm.updateAAD(in, 0, 8);
        gcm.updateAAD(in, word, 4);
        int plain = gcm.doFinal(in, 8, word - 8, out, 8);
        System.arraycopy(in, 0, out, 0, 8);
        return 8 + plain;
      }
      int plain = word - TAG_LENGTH;
      gcm.updateAAD(in, 0, plain);
      gcm.updateAAD(in, word, 4);
      gcm.doFinal(in, plain, TAG_LENGTH, out, 0);
      System.arraycopy(in, 0, out, 0, plain);
      return plain;
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  @Override
  int srtcpIndexOffset(int length) {
    return length - 4;
  }

  /** RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt. */
  private void rtpIv(int ssrc, long index) {
    System.arraycopy(salt, 0, iv, 0, 12);
    iv[2] ^= (byte) (ssrc >>> 24);
    iv[3] ^= (byte) (ssrc >>> 16);
    iv[4] ^= (byte) (ssrc >>> 8);
    iv[5] ^= (byte) ssrc;
    // ROC || SEQ is the 48-bit packet index.
    for (int k = 0; k < 6; k++) {
      iv[6 + k] ^= (byte) (index >>> (40 - 8 * k));
    }
  }

  /** RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || 31-bit SRTCP index) XOR salt. */
  private void rtcpIv(int ssrc, int index) {
    System.arraycopy(salt, 0, iv, 0, 12);
    iv[2] ^= (byte) (ssrc >>> 24);
    iv[3] ^= (byte) (ssrc >>> 16);
    iv[4] ^= (byte) (ssrc >>> 8);
    iv[5] ^= (byte) ssrc;
    iv[8] ^= (byte) (index >>> 24);
    iv[9] ^= (byte) (index >>> 16);
    iv[10] ^= (byte) (index >>> 8);
    iv[11] ^= (byte) index;
  }
}
