package io.sipher.media.srtp;

import static io.sipher.media.PacketRejectedException.Reason.AUTHENTICATION_FAILED;
import static io.sipher.media.PacketRejectedException.Reason.REPLAYED;
import static io.sipher.media.srtp.TestPackets.rtcp;
import static io.sipher.media.srtp.TestPackets.rtp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.media.PacketRejectedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3711 §3.3.2 replay protection with the default 128-index window: replays and packets behind
 * the window are rejected, reordering within it is accepted, and only authenticated packets move
 * it.
 */
class Rfc3711_3_3_2_ReplayTest {
  private static final int SSRC = 0x0A0B_0C0D;

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void replayedPacket_isRejected(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] wire = protect(pair, 1000);
    pair.bob.unprotectRtp(wire, wire.length);

    assertRejected(() -> pair.bob.unprotectRtp(wire, wire.length), REPLAYED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void outOfOrderWithinTheWindow_isAccepted_once(SrtpProfile profile)
      throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[][] wire = new byte[200][];
    for (int seq = 1000; seq < 1200; seq++) {
      wire[seq - 1000] = protect(pair, seq);
    }
    receive(pair, wire[199]); // highest: 1199
    receive(pair, wire[100]); // 99 behind
    receive(pair, wire[72]); // 127 behind: the oldest slot of a 128 window
    receive(pair, wire[198]);

    assertRejected(() -> receive(pair, wire[100]), REPLAYED);
    assertRejected(() -> receive(pair, wire[71]), REPLAYED); // 128 behind: too old
    assertRejected(() -> receive(pair, wire[0]), REPLAYED);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void windowOf64_isHonoured(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile, SrtpOptions.DEFAULTS.withReplayWindow(64), 0);
    byte[] old = protect(pair, 10);
    byte[] edge = protect(pair, 11);
    byte[] top = protect(pair, 74);
    receive(pair, top);

    receive(pair, edge); // 63 behind
    assertRejected(() -> receive(pair, old), REPLAYED); // 64 behind
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void forgedPacketAhead_doesNotMoveTheWindow(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] early = protect(pair, 1000);
    byte[] forged = protect(pair, 1500);
    forged[forged.length - 1] ^= 1;

    assertRejected(() -> receive(pair, forged), AUTHENTICATION_FAILED);
    // Had the forgery moved the window to 1500, 1000 would now be too old.
    receive(pair, early);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void forgedPacketWithAFreshIndex_doesNotBurnThatIndex(SrtpProfile profile)
      throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    receive(pair, protect(pair, 1));
    byte[] genuine = protect(pair, 2);
    byte[] forged = genuine.clone();
    forged[20] ^= 0x10;

    assertRejected(() -> receive(pair, forged), AUTHENTICATION_FAILED);
    receive(pair, genuine);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void srtcp_replayAndReorder(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtcp(SSRC);
    byte[] first = pair.alice.protectRtcp(packet, packet.length);
    byte[] second = pair.alice.protectRtcp(packet, packet.length);
    byte[] third = pair.alice.protectRtcp(packet, packet.length);

    pair.bob.unprotectRtcp(third, third.length);
    pair.bob.unprotectRtcp(first, first.length);
    assertRejected(() -> pair.bob.unprotectRtcp(first, first.length), REPLAYED);
    assertRejected(() -> pair.bob.unprotectRtcp(third, third.length), REPLAYED);
    pair.bob.unprotectRtcp(second, second.length);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void sender_refusesToProtectAnIndexTwice(SrtpProfile profile) {
    SrtpPair pair = new SrtpPair(profile);
    byte[] packet = rtp(SSRC, 77, 160);
    pair.alice.protectRtp(packet, packet.length);

    assertThatThrownBy(() -> pair.alice.protectRtp(packet, packet.length))
        .isInstanceOfSatisfying(
            SrtpProtectException.class, e -> assertThat(e.reason()).isEqualTo(REPLAYED));
  }

  private static byte[] protect(SrtpPair pair, int seq) {
    byte[] packet = rtp(SSRC, seq, 160);
    return pair.alice.protectRtp(packet, packet.length);
  }

  private static void receive(SrtpPair pair, byte[] wire) throws PacketRejectedException {
    pair.bob.unprotectRtp(wire, wire.length);
  }

  interface Call {
    void run() throws Exception;
  }

  static void assertRejected(Call call, PacketRejectedException.Reason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            PacketRejectedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
