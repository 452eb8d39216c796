package io.sipher.media.srtp;

import static io.sipher.media.PacketRejectedException.Reason.KEY_EXPIRED;
import static io.sipher.media.PacketRejectedException.Reason.MALFORMED;
import static io.sipher.media.PacketRejectedException.Reason.UNKNOWN_SSRC;
import static io.sipher.media.srtp.TestPackets.rtcp;
import static io.sipher.media.srtp.TestPackets.rtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3711 §9.2 key limits (here shortened by an SDES lifetime, RFC 4568 §6.1), and the other
 * limits of {@link SrtpOptions}.
 */
class Rfc3711_9_2_KeyLifetimeTest {

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtp_afterTheLifetime_bothSidesReportKeyExpired(SrtpProfile profile)
      throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile, SrtpOptions.DEFAULTS, 3);
    byte[] last = null;
    for (int seq = 1; seq <= 3; seq++) {
      byte[] packet = rtp(1, seq, 20);
      last = pair.alice.protectRtp(packet, packet.length);
      pair.bob.unprotectRtp(last, last.length);
    }
    byte[] fourth = rtp(1, 4, 20);

    assertThatThrownBy(() -> pair.alice.protectRtp(fourth, fourth.length))
        .isInstanceOfSatisfying(
            SrtpProtectException.class, e -> assertThat(e.reason()).isEqualTo(KEY_EXPIRED));
    // Bob's own key, sending the other way, has the same lifetime but is used by Bob.
    byte[] fromBob = pair.bob.protectRtp(fourth, fourth.length);
    assertThat(pair.alice.unprotectRtp(fromBob, fromBob.length)).isEqualTo(fourth);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtp_receiverCountsAuthenticatedPackets(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair generous = new SrtpPair(profile);
    SrtpPair strict = new SrtpPair(profile, SrtpOptions.DEFAULTS, 2);
    // Same keys, the lifetime aside: the strict receiver takes the generous sender's packets.
    byte[][] wire = new byte[3][];
    for (int i = 0; i < 3; i++) {
      byte[] packet = rtp(1, i, 20);
      wire[i] = generous.alice.protectRtp(packet, packet.length);
    }
    strict.bob.unprotectRtp(wire[0], wire[0].length);
    strict.bob.unprotectRtp(wire[1], wire[1].length);

    Rfc3711_3_3_2_ReplayTest.assertRejected(
        () -> strict.bob.unprotectRtp(wire[2], wire[2].length), KEY_EXPIRED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtcp_afterTheLifetime_isKeyExpired(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile, SrtpOptions.DEFAULTS, 2);
    byte[] packet = rtcp(5);
    for (int i = 0; i < 2; i++) {
      byte[] wire = pair.alice.protectRtcp(packet, packet.length);
      pair.bob.unprotectRtcp(wire, wire.length);
    }

    assertThatThrownBy(() -> pair.alice.protectRtcp(packet, packet.length))
        .isInstanceOfSatisfying(
            SrtpProtectException.class, e -> assertThat(e.reason()).isEqualTo(KEY_EXPIRED));
  }

  @Test
  void suiteLimits_capTheLifetime() {
    MasterKey key = MasterKey.of(new byte[16], new byte[14]);

    assertThat(SrtpTransform.rtpLimit(key)).isEqualTo(1L << 48);
    assertThat(SrtpTransform.rtcpLimit(key)).isEqualTo(1L << 31);
    assertThat(SrtpTransform.rtcpLimit(key.withLifetime(1L << 40))).isEqualTo(1L << 31);
    assertThat(SrtpTransform.rtpLimit(key.withLifetime(1000))).isEqualTo(1000);
  }

  @Test
  void tooManySsrcs_areUnknown() throws PacketRejectedException {
    SrtpPair pair =
        new SrtpPair(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpOptions.DEFAULTS.withMaxSsrcs(2), 0);
    SrtpPair wide = new SrtpPair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    byte[][] wire = new byte[3][];
    for (int ssrc = 0; ssrc < 3; ssrc++) {
      byte[] packet = rtp(ssrc, 1, 20);
      wire[ssrc] = wide.alice.protectRtp(packet, packet.length);
    }
    pair.bob.unprotectRtp(wire[0], wire[0].length);
    pair.bob.unprotectRtp(wire[1], wire[1].length);

    Rfc3711_3_3_2_ReplayTest.assertRejected(
        () -> pair.bob.unprotectRtp(wire[2], wire[2].length), UNKNOWN_SSRC);
    byte[] third = rtp(3, 1, 20);
    pair.alice.protectRtp(rtp(1, 1, 20), 32);
    pair.alice.protectRtp(rtp(2, 1, 20), 32);
    assertThatThrownBy(() -> pair.alice.protectRtp(third, third.length))
        .isInstanceOfSatisfying(
            SrtpProtectException.class, e -> assertThat(e.reason()).isEqualTo(UNKNOWN_SSRC));
  }

  @Test
  void notRtp_isMalformed_onBothSides() {
    SrtpPair pair = new SrtpPair(SrtpProfile.AEAD_AES_128_GCM);
    byte[] v1 = rtp(1, 1, 20);
    v1[0] = 0x40;

    assertThatThrownBy(() -> pair.alice.protectRtp(v1, v1.length))
        .isInstanceOfSatisfying(
            SrtpProtectException.class, e -> assertThat(e.reason()).isEqualTo(MALFORMED));
    Rfc3711_3_3_2_ReplayTest.assertRejected(() -> pair.bob.unprotectRtp(v1, v1.length), MALFORMED);
  }

  @Test
  void packetsLargerThanAnyDatagram_areMalformed() {
    SrtpPair pair = new SrtpPair(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    byte[] huge = rtp(1, 1, 70_000);

    assertThatThrownBy(() -> pair.alice.protectRtp(huge, huge.length))
        .isInstanceOfSatisfying(
            SrtpProtectException.class, e -> assertThat(e.reason()).isEqualTo(MALFORMED));
    Rfc3711_3_3_2_ReplayTest.assertRejected(
        () -> pair.bob.unprotectRtp(huge, huge.length), MALFORMED);
    Rfc3711_3_3_2_ReplayTest.assertRejected(
        () -> pair.bob.unprotectRtcp(huge, huge.length), MALFORMED);
    byte[] largest = rtp(1, 1, PacketIndex.MAX_PACKET - 12);
    assertThat(pair.alice.protectRtp(largest, largest.length)).hasSize(PacketIndex.MAX_PACKET + 10);
  }

  @Test
  void sameKeyBothWays_isRefused() {
    MasterKey key = MasterKey.of(new byte[16], new byte[14]);
    MasterKey same = MasterKey.of(new byte[16], new byte[14]);

    assertThatThrownBy(() -> SrtpTransform.create(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, same))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SrtpTransform.create(SrtpProfile.AEAD_AES_128_GCM, key, same))
        .as("a 14-octet salt does not fit a GCM suite")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void masterKey_toStringShowsNoSecret() {
    byte[] secret = new byte[16];
    Arrays.fill(secret, (byte) 0xAB);
    MasterKey key = MasterKey.of(secret, new byte[14]).withLifetime(1 << 20);

    assertThat(key.toString())
        .isEqualTo("MasterKey[128-bit key, 112-bit salt, lifetime 1048576, secret redacted]")
        .doesNotContainIgnoringCase("ab");
  }
}
