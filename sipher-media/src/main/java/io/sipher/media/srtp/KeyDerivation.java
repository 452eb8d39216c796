package io.sipher.media.srtp;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP key derivation function with a key derivation rate of zero (RFC 3711 §4.3.1): each
 * session key is derived once, when the context is made, and never again.
 *
 * <p>The PRF is AES in counter mode keyed with the master key (RFC 3711 §4.3.3). A 32-octet master
 * key selects AES-256, the AES_256_CM_PRF of RFC 6188 §7 that RFC 7714 §11 requires for
 * AEAD_AES_256_GCM. A 12-octet master salt (RFC 7714) is first multiplied by 2^16 to the 112 bits
 * the KDF expects (RFC 7714 errata 4938), i.e. padded on the right with two zero octets.
 *
 * <p>Other key derivation rates are not supported; the SDES layer refuses {@code KDR=} lines.
 */
final class KeyDerivation {
  static final int LABEL_RTP_ENCRYPTION = 0x00;
  static final int LABEL_RTP_AUTH = 0x01;
  static final int LABEL_RTP_SALT = 0x02;
  static final int LABEL_RTCP_ENCRYPTION = 0x03;
  static final int LABEL_RTCP_AUTH = 0x04;
  static final int LABEL_RTCP_SALT = 0x05;

  private final Cipher aes;
  private final byte[] salt = new byte[14];

  KeyDerivation(byte[] masterKey, byte[] masterSalt) {
    System.arraycopy(masterSalt, 0, salt, 0, masterSalt.length);
    try {
      aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is not available", e);
    }
  }

  /**
   * PRF_n(k_master, x) for key_id = label || (index DIV kdr) with kdr = 0 (RFC 3711 §4.3.1): the
   * AES-CM keystream for IV = x * 2^16, where x = key_id XOR master_salt, truncated to {@code
   * length} octets.
   */
  byte[] derive(int label, int length) {
    int blocks = (length + 15) >>> 4;
    byte[] counters = new byte[blocks * 16];
    for (int b = 0; b < blocks; b++) {
      int at = b * 16;
      System.arraycopy(salt, 0, counters, at, 14);
      // key_id is 56 bits, right-aligned against the 112-bit salt: the label lands on octet 7 and
      // the 48 bits of (index DIV kdr), all zero here, on octets 8..13.
      counters[at + 7] ^= (byte) label;
      counters[at + 14] = (byte) (b >>> 8);
      counters[at + 15] = (byte) b;
    }
    try {
      byte[] stream = aes.doFinal(counters);
      byte[] out = Arrays.copyOf(stream, length);
      Arrays.fill(stream, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-ECB failed on whole blocks", e);
    }
  }
}
