package io.sipher.media.srtp;

import static io.sipher.media.PacketRejectedException.Reason.AUTHENTICATION_FAILED;
import static io.sipher.media.srtp.TestPackets.rtcp;
import static io.sipher.media.srtp.TestPackets.rtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3711 §3.3 step 5 and §3.4 (RFC 7714 §8.3, §9 for GCM): a packet with any single bit flipped,
 * in the header, the payload, the SRTCP index or the tag, is rejected, and the untouched packet is
 * still accepted afterwards.
 */
class Rfc3711_3_3_TamperedPacketTest {

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtp_everyBitFlip_isRejected(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(0x0C0F_FEE0, 4242, 40);
    byte[] wire = pair.alice.protectRtp(packet, packet.length);

    for (int bit = 0; bit < wire.length * 8; bit++) {
      byte[] tampered = wire.clone();
      tampered[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      assertThatThrownBy(() -> pair.bob.unprotectRtp(tampered, tampered.length))
          .as("bit %d", bit)
          .isInstanceOf(PacketRejectedException.class);
    }
    assertThat(pair.bob.unprotectRtp(wire, wire.length)).isEqualTo(packet);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtp_headerPayloadAndTagFlips_failAuthentication(SrtpProfile profile) {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(0x0C0F_FEE0, 4242, 160);
    byte[] wire = pair.alice.protectRtp(packet, packet.length);

    // Marker bit, a timestamp octet, payload, and the last tag octet.
    for (int at : new int[] {1, 5, 12, 100, wire.length - 1}) {
      byte[] tampered = wire.clone();
      tampered[at] ^= 0x01;
      Rfc3711_3_3_2_ReplayTest.assertRejected(
          () -> pair.bob.unprotectRtp(tampered, tampered.length), AUTHENTICATION_FAILED);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtcp_everyBitFlip_isRejected(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtcp(0x0BAD_F00D);
    byte[] wire = pair.alice.protectRtcp(packet, packet.length);

    for (int bit = 0; bit < wire.length * 8; bit++) {
      byte[] tampered = wire.clone();
      tampered[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
      assertThatThrownBy(() -> pair.bob.unprotectRtcp(tampered, tampered.length))
          .as("bit %d", bit)
          .isInstanceOf(PacketRejectedException.class);
    }
    assertThat(pair.bob.unprotectRtcp(wire, wire.length)).isEqualTo(packet);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void truncatedPackets_areMalformedOrUnauthentic_neverAnUncheckedException(SrtpProfile profile) {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(1, 1, 20);
    byte[] wire = pair.alice.protectRtp(packet, packet.length);
    byte[] control = rtcp(1);
    byte[] wireRtcp = pair.alice.protectRtcp(control, control.length);

    for (int length = 0; length < wire.length; length++) {
      int n = length;
      assertThatThrownBy(() -> pair.bob.unprotectRtp(wire, n))
          .isInstanceOf(PacketRejectedException.class);
    }
    for (int length = 0; length < wireRtcp.length; length++) {
      int n = length;
      assertThatThrownBy(() -> pair.bob.unprotectRtcp(wireRtcp, n))
          .isInstanceOf(PacketRejectedException.class);
    }
  }
}
