package io.sipher.media.srtp;

import static io.sipher.media.srtp.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 7714 §16 (SRTP) and §17 (SRTCP) test vectors for AEAD_AES_128_GCM and AEAD_AES_256_GCM.
 *
 * <p>The RFC gives session keys, not master keys, so the transforms here are keyed past the KDF;
 * the KDF has its own vectors (RFC 3711 B.3, RFC 6188 §7.2). §16.x.3/§16.x.4 (SRTP tagged but not
 * encrypted) are not tested: sipher refuses UNENCRYPTED_SRTP and has no such mode.
 */
class Rfc7714_16_GcmVectorsTest {
  private static final byte[] KEY_128 = hex("000102030405060708090a0b0c0d0e0f");
  private static final byte[] KEY_256 =
      hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  // §16: "The salt used ... comes from the ASCII string 'Quid pro quo'".
  private static final byte[] SALT = "Quid pro quo".getBytes(StandardCharsets.US_ASCII);

  // §16: the RTP packet all SRTP vectors use, SSRC 5501a0b2, SEQ f17b, ROC 0.
  private static final byte[] RTP =
      hex(
          "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976"
              + "69736120 696e2070 61727465 73207472 6573");

  // §16.1.1 "Encrypted and tagged packet".
  private static final byte[] SRTP_128 =
      hex(
          "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5"
              + "0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce");

  // §16.2.1 "Encrypted and tagged packet".
  private static final byte[] SRTP_256 =
      hex(
          "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa 332e33aa b1801238"
              + "9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13");

  // §17.1 to §17.4: the RTCP packet, SSRC 4d617273, SRTCP index 000005d4.
  private static final byte[] RTCP =
      hex(
          "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
              + "deadbeef deadbeef deadbeef deadbeef deadbeef");
  private static final int RTCP_SSRC = 0x4d617273;
  private static final int RTCP_INDEX = 0x5d4;

  // §17.1 "Encrypted and tagged packet" (AEAD_AES_128_GCM).
  private static final byte[] SRTCP_128 =
      hex(
          "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d"
              + "c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872"
              + "45d9eade 800005d4");

  // §17.2 "Decrypting the following packet" (AEAD_AES_256_GCM).
  private static final byte[] SRTCP_256 =
      hex(
          "81c8000d 4d617273 d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50"
              + "a2eaa5c1 110555be 8415f658 c61de047 6f1b6fad 1d1eb30c 4446839f 57ff6f6c"
              + "b26ac3be 800005d4");

  // §17.3 "Tagged packet" (AEAD_AES_128_GCM, E-flag 0).
  private static final byte[] TAGGED_128 =
      hex(
          "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
              + "deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790"
              + "125f62b3 000005d4");

  // §17.4 "Verifying the following packet" (AEAD_AES_256_GCM, E-flag 0).
  private static final byte[] TAGGED_256 =
      hex(
          "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61"
              + "deadbeef deadbeef deadbeef deadbeef deadbeef 91db4afb feee5a97 8fab4393"
              + "ed2615fe 000005d4");

  @Test
  void s16_1_1_srtpEncryption_aes128() {
    byte[] wire = transform(SrtpProfile.AEAD_AES_128_GCM).protectRtp(RTP, RTP.length);

    assertThat(hex(wire)).isEqualTo(hex(SRTP_128));
  }

  @Test
  void s16_1_2_srtpDecryption_aes128() throws PacketRejectedException {
    byte[] plain = transform(SrtpProfile.AEAD_AES_128_GCM).unprotectRtp(SRTP_128, SRTP_128.length);

    assertThat(hex(plain)).isEqualTo(hex(RTP));
  }

  @Test
  void s16_2_1_srtpEncryption_aes256() {
    byte[] wire = transform(SrtpProfile.AEAD_AES_256_GCM).protectRtp(RTP, RTP.length);

    assertThat(hex(wire)).isEqualTo(hex(SRTP_256));
  }

  @Test
  void s16_2_2_srtpDecryption_aes256() throws PacketRejectedException {
    byte[] plain = transform(SrtpProfile.AEAD_AES_256_GCM).unprotectRtp(SRTP_256, SRTP_256.length);

    assertThat(hex(plain)).isEqualTo(hex(RTP));
  }

  @Test
  void s16_srtpVectorWithOneBitFlipped_failsAuthentication() {
    for (int at : new int[] {1, 12, 40, SRTP_128.length - 1}) {
      byte[] tampered = SRTP_128.clone();
      tampered[at] ^= 0x01;

      assertThatThrownBy(
              () -> transform(SrtpProfile.AEAD_AES_128_GCM).unprotectRtp(tampered, tampered.length))
          .isInstanceOfSatisfying(
              PacketRejectedException.class,
              e ->
                  assertThat(e.reason())
                      .isEqualTo(PacketRejectedException.Reason.AUTHENTICATION_FAILED));
    }
  }

  @Test
  void s17_1_srtcpEncryption_aes128() {
    PacketCipher cipher = rtcpCipher(SrtpProfile.AEAD_AES_128_GCM);
    byte[] out = new byte[RTCP.length + 4 + 16];

    int length = cipher.protectRtcp(RTCP, RTCP.length, RTCP_SSRC, RTCP_INDEX, true, out);

    assertThat(hex(Arrays.copyOf(out, length))).isEqualTo(hex(SRTCP_128));
  }

  @Test
  void s17_1_srtcpEncryption_aes128_isUnprotectedByTheTransform() throws PacketRejectedException {
    byte[] plain =
        transform(SrtpProfile.AEAD_AES_128_GCM).unprotectRtcp(SRTCP_128, SRTCP_128.length);

    assertThat(hex(plain)).isEqualTo(hex(RTCP));
  }

  @Test
  void s17_2_srtcpDecryption_aes256() throws PacketRejectedException {
    byte[] plain =
        transform(SrtpProfile.AEAD_AES_256_GCM).unprotectRtcp(SRTCP_256, SRTCP_256.length);

    assertThat(hex(plain)).isEqualTo(hex(RTCP));
  }

  @Test
  void s17_2_srtcpEncryption_aes256_reproducesTheVector() {
    PacketCipher cipher = rtcpCipher(SrtpProfile.AEAD_AES_256_GCM);
    byte[] out = new byte[RTCP.length + 4 + 16];

    int length = cipher.protectRtcp(RTCP, RTCP.length, RTCP_SSRC, RTCP_INDEX, true, out);

    assertThat(hex(Arrays.copyOf(out, length))).isEqualTo(hex(SRTCP_256));
  }

  @Test
  void s17_3_srtcpTaggingOnly_aes128() {
    PacketCipher cipher = rtcpCipher(SrtpProfile.AEAD_AES_128_GCM);
    byte[] out = new byte[RTCP.length + 4 + 16];

    int length = cipher.protectRtcp(RTCP, RTCP.length, RTCP_SSRC, RTCP_INDEX, false, out);

    assertThat(hex(Arrays.copyOf(out, length))).isEqualTo(hex(TAGGED_128));
    byte[] back = new byte[RTCP.length];
    assertThat(
            cipher.unprotectRtcp(TAGGED_128, TAGGED_128.length, RTCP_SSRC, RTCP_INDEX, false, back))
        .isEqualTo(RTCP.length);
    assertThat(back).isEqualTo(RTCP);
  }

  @Test
  void s17_4_srtcpTagVerification_aes256() {
    PacketCipher cipher = rtcpCipher(SrtpProfile.AEAD_AES_256_GCM);
    byte[] back = new byte[RTCP.length];

    int length =
        cipher.unprotectRtcp(TAGGED_256, TAGGED_256.length, RTCP_SSRC, RTCP_INDEX, false, back);

    assertThat(length).isEqualTo(RTCP.length);
    assertThat(back).isEqualTo(RTCP);
    byte[] tampered = TAGGED_256.clone();
    tampered[20] ^= 0x40;
    assertThat(cipher.unprotectRtcp(tampered, tampered.length, RTCP_SSRC, RTCP_INDEX, false, back))
        .isEqualTo(-1);
  }

  @Test
  void s17_3_unencryptedSrtcp_isRefusedByTheTransform() {
    // E = 0 authenticates, but sipher never negotiates UNENCRYPTED_SRTCP (RFC 4568 §6.3.2).
    assertThatThrownBy(
            () ->
                transform(SrtpProfile.AEAD_AES_128_GCM)
                    .unprotectRtcp(TAGGED_128, TAGGED_128.length))
        .isInstanceOfSatisfying(
            PacketRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(PacketRejectedException.Reason.MALFORMED));
  }

  private static SessionKeys sessionKeys(SrtpProfile profile) {
    return new SessionKeys(
        profile == SrtpProfile.AEAD_AES_128_GCM ? KEY_128 : KEY_256, SALT, new byte[0]);
  }

  private static PacketCipher rtcpCipher(SrtpProfile profile) {
    return PacketCipher.create(profile, sessionKeys(profile), true);
  }

  /** A transform whose session keys, both directions, are the RFC's. */
  private static SrtpTransform transform(SrtpProfile profile) {
    SessionKeys keys = sessionKeys(profile);
    return new SrtpTransform(
        profile,
        new SrtpSender(
            PacketCipher.create(profile, keys, false),
            PacketCipher.create(profile, keys, true),
            SrtpProfile.MAX_SRTP_PACKETS,
            SrtpProfile.MAX_SRTCP_PACKETS,
            SrtpOptions.DEFAULTS),
        new SrtpReceiver(
            PacketCipher.create(profile, keys, false),
            PacketCipher.create(profile, keys, true),
            SrtpProfile.MAX_SRTP_PACKETS,
            SrtpProfile.MAX_SRTCP_PACKETS,
            SrtpOptions.DEFAULTS));
  }
}
