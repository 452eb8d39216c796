package io.sipher.media.srtp;

import static io.sipher.media.srtp.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RFC 3711 Appendix B.3: the AES-CM PRF key derivation with key derivation rate 0, from master key
 * E1F97A0D... and master salt 0EC675AD....
 */
class Rfc3711_B_3_KeyDerivationTest {
  private final KeyDerivation kdf =
      new KeyDerivation(
          hex("E1F97A0D3E018BE0D64FA32C06DE4139"), hex("0EC675AD498AFEEBB6960B3AABE6"));

  @Test
  void cipherKey_label0() {
    assertThat(hex(kdf.derive(KeyDerivation.LABEL_RTP_ENCRYPTION, 16)))
        .isEqualToIgnoringCase("C61E7A93744F39EE10734AFE3FF7A087");
  }

  @Test
  void cipherSalt_label2() {
    assertThat(hex(kdf.derive(KeyDerivation.LABEL_RTP_SALT, 14)))
        .isEqualToIgnoringCase("30CBBC08863D8C85D49DB34A9AE1");
  }

  @Test
  void authKey_label1_all94Octets() {
    assertThat(hex(kdf.derive(KeyDerivation.LABEL_RTP_AUTH, 94)))
        .isEqualToIgnoringCase(
            "CEBE321F6FF7716B6FD4AB49AF256A15"
                + "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                + "E049646C43D9327AD175578EF7227098"
                + "6371C10C9A369AC2F94A8C5FBCDDDC25"
                + "6D6E919A48B610EF17C2041E47403576"
                + "6B68642C59BBFC2F34DB60DBDFB2");
  }

  @Test
  void sessionKeys_takeTheLengthsOfTheSuite() {
    SessionKeys keys = SessionKeys.forRtp(SrtpProfile.AES_CM_128_HMAC_SHA1_80, kdf);

    assertThat(hex(keys.cipherKey)).isEqualToIgnoringCase("C61E7A93744F39EE10734AFE3FF7A087");
    assertThat(hex(keys.salt)).isEqualToIgnoringCase("30CBBC08863D8C85D49DB34A9AE1");
    // HMAC-SHA1 takes the first 160 bits of the auth key stream (RFC 3711 §4.2.1).
    assertThat(hex(keys.authKey)).isEqualToIgnoringCase("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
    assertThat(keys.toString()).doesNotContainIgnoringCase("CEBE321F");
  }
}
