package io.sipher.media.srtp;

import static io.sipher.media.srtp.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RFC 6188 §7.2: the AES_256_CM_PRF, which RFC 7714 §11 requires for AEAD_AES_256_GCM. Proves that
 * a 32-octet master key selects AES-256 in the key derivation.
 */
class Rfc6188_7_2_Aes256KeyDerivationTest {
  private final KeyDerivation kdf =
      new KeyDerivation(
          hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6"),
          hex("3b04803de51ee7c96423ab5b78d2"));

  @Test
  void cipherKey_cipherSalt_authKey() {
    assertThat(hex(kdf.derive(KeyDerivation.LABEL_RTP_ENCRYPTION, 32)))
        .isEqualTo("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4");
    assertThat(hex(kdf.derive(KeyDerivation.LABEL_RTP_SALT, 14)))
        .isEqualTo("fa31791685ca444a9e07c6c64e93");
    assertThat(hex(kdf.derive(KeyDerivation.LABEL_RTP_AUTH, 20)))
        .isEqualTo("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05");
  }

  @Test
  void twelveOctetSalt_isPaddedWithTwoZeroOctets() {
    // RFC 7714 errata 4938: the 96-bit salt times 2^16 is the 112-bit KDF salt.
    KeyDerivation twelve =
        new KeyDerivation(
            hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6"),
            hex("3b04803de51ee7c96423ab5b"));
    KeyDerivation fourteen =
        new KeyDerivation(
            hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6"),
            hex("3b04803de51ee7c96423ab5b0000"));

    assertThat(twelve.derive(KeyDerivation.LABEL_RTP_ENCRYPTION, 32))
        .isEqualTo(fourteen.derive(KeyDerivation.LABEL_RTP_ENCRYPTION, 32));
  }
}
