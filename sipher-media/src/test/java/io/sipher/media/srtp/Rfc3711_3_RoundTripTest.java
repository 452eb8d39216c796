package io.sipher.media.srtp;

import static io.sipher.media.srtp.TestPackets.rtcp;
import static io.sipher.media.srtp.TestPackets.rtp;
import static io.sipher.media.srtp.TestPackets.rtpWithCsrcsExtensionAndPadding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3711 §3.1/§3.4 and RFC 7714 §8/§9 packet formats, end to end for every suite: what one side
 * protects the other unprotects to the same octets, the header stays in the clear, the payload does
 * not, and the packet grows by exactly the tag (and for SRTCP the E-flag and index).
 */
class Rfc3711_3_RoundTripTest {

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtp_roundTrips(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    for (int seq = 100; seq < 110; seq++) {
      byte[] packet = rtp(0x1234_5678, seq, 160);

      byte[] wire = pair.alice.protectRtp(packet, packet.length);

      assertThat(wire).hasSize(packet.length + profile.rtpTagLength());
      assertThat(Arrays.copyOf(wire, 12)).isEqualTo(Arrays.copyOf(packet, 12));
      assertThat(Arrays.copyOfRange(wire, 12, packet.length))
          .isNotEqualTo(Arrays.copyOfRange(packet, 12, packet.length));
      assertThat(pair.bob.unprotectRtp(wire, wire.length)).isEqualTo(packet);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtp_withCsrcsExtensionAndPadding_keepsTheWholeHeaderClear(SrtpProfile profile)
      throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtpWithCsrcsExtensionAndPadding(7, 1, 33);

    byte[] wire = pair.alice.protectRtp(packet, packet.length);

    assertThat(Arrays.copyOf(wire, 28)).isEqualTo(Arrays.copyOf(packet, 28));
    assertThat(wire[packet.length - 1]).as("padding count is encrypted").isNotEqualTo((byte) 4);
    assertThat(pair.bob.unprotectRtp(wire, wire.length)).isEqualTo(packet);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtp_emptyPayload_roundTrips(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(7, 1, 0);

    byte[] wire = pair.alice.protectRtp(packet, packet.length);

    assertThat(pair.bob.unprotectRtp(wire, wire.length)).isEqualTo(packet);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtp_onlyTheGivenLengthIsProtected(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(7, 1, 160);
    byte[] buffer = Arrays.copyOf(packet, 1500);

    byte[] wire = pair.alice.protectRtp(buffer, packet.length);
    byte[] received = Arrays.copyOf(wire, 1500);

    assertThat(pair.bob.unprotectRtp(received, wire.length)).isEqualTo(packet);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void rtcp_roundTrips_withEflagSetAndIndexCounting(SrtpProfile profile)
      throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtcp(0x0102_0304);
    for (int n = 0; n < 3; n++) {
      byte[] wire = pair.alice.protectRtcp(packet, packet.length);

      assertThat(wire).hasSize(packet.length + 4 + profile.rtcpTagLength());
      assertThat(Arrays.copyOf(wire, 8)).isEqualTo(Arrays.copyOf(packet, 8));
      int word = PacketCipher.readInt(wire, profile.isAead() ? wire.length - 4 : packet.length);
      assertThat(word).isEqualTo(0x8000_0000 | n);
      assertThat(pair.bob.unprotectRtcp(wire, wire.length)).isEqualTo(packet);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void severalSsrcs_eachHaveTheirOwnContext(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] first = rtp(1, 500, 20);
    byte[] second = rtp(2, 500, 20);

    byte[] wire1 = pair.alice.protectRtp(first, first.length);
    byte[] wire2 = pair.alice.protectRtp(second, second.length);

    // Same index, different SSRC: different keystream (the SSRC is in the IV).
    assertThat(Arrays.copyOfRange(wire1, 12, 32)).isNotEqualTo(Arrays.copyOfRange(wire2, 12, 32));
    assertThat(pair.bob.unprotectRtp(wire2, wire2.length)).isEqualTo(second);
    assertThat(pair.bob.unprotectRtp(wire1, wire1.length)).isEqualTo(first);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void theWrongKey_failsAuthentication(SrtpProfile profile) {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(9, 9, 160);
    byte[] wire = pair.alice.protectRtp(packet, packet.length);

    // Alice's receiving key is Bob's sending key, not her own.
    assertThatThrownBy(() -> pair.alice.unprotectRtp(wire, wire.length))
        .isInstanceOfSatisfying(
            PacketRejectedException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(PacketRejectedException.Reason.AUTHENTICATION_FAILED));
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void toString_showsNoKey(SrtpProfile profile) {
    assertThat(new SrtpPair(profile).alice.toString())
        .isEqualTo("SrtpTransform[" + profile + ", keys redacted]");
  }
}
