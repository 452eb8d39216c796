package io.sipher.media.srtp;

import static io.sipher.media.srtp.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * RFC 3711 Appendix B.2: the AES-CM keystream for session key 2B7E1516..., session salt
 * F0F1...FCFD, ROC, SEQ and SSRC zero, over the whole 1044512-octet segment.
 */
class Rfc3711_B_2_AesCmTest {
  private static final int SEGMENT = 1_044_512;

  @Test
  void keystreamSegment_matchesAppendixB2() {
    SessionKeys keys =
        new SessionKeys(
            hex("2B7E151628AED2A6ABF7158809CF4F3C"),
            hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20]);
    AesCmHmacCipher cipher = new AesCmHmacCipher(keys, 10);
    byte[] keystream = new byte[SEGMENT];

    // XOR into zeros yields the keystream itself.
    cipher.applyKeystream(0, 0, new byte[SEGMENT], 0, keystream, 0, SEGMENT);

    assertThat(SEGMENT / 16).isEqualTo(65282);
    assertThat(block(keystream, 0x0000)).isEqualTo("e03ead0935c95e80e166b16dd92b4eb4");
    assertThat(block(keystream, 0x0001)).isEqualTo("d23513162b02d0f72a43a2fe4a5f97ab");
    assertThat(block(keystream, 0x0002)).isEqualTo("41e95b3bb0a2e8dd477901e4fca894c0");
    assertThat(block(keystream, 0xFEFF)).isEqualTo("ec8cdf7398607cb0f2d21675ea9ea1e4");
    assertThat(block(keystream, 0xFF00)).isEqualTo("362b7c3c6773516318a077d7fc5073ae");
    assertThat(block(keystream, 0xFF01)).isEqualTo("6a2cc3787889374fbeb4c81b17ba6c44");
  }

  @Test
  void keystream_isTheSameWhetherMadeWholeOrPacketByPacket() {
    SessionKeys keys =
        new SessionKeys(
            hex("2B7E151628AED2A6ABF7158809CF4F3C"),
            hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"),
            new byte[20]);
    AesCmHmacCipher cipher = new AesCmHmacCipher(keys, 10);
    byte[] whole = new byte[4096];
    cipher.applyKeystream(0, 0, new byte[4096], 0, whole, 0, 4096);
    byte[] small = new byte[37];
    // The scratch buffers are reused between calls; a short call after a long one still starts at
    // counter 0.
    cipher.applyKeystream(0, 0, new byte[37], 0, small, 0, 37);

    assertThat(small).isEqualTo(Arrays.copyOf(whole, 37));
  }

  private static String block(byte[] keystream, int counter) {
    return hex(Arrays.copyOfRange(keystream, counter * 16, counter * 16 + 16));
  }
}
