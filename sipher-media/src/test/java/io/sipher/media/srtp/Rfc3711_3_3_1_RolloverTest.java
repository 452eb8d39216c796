package io.sipher.media.srtp;

import static io.sipher.media.srtp.TestPackets.rtp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.media.PacketRejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3711 §3.3.1 and Appendix A: the rollover counter across the 65535 to 0 wrap, in order and out
 * of order around it, on the sending and the receiving side.
 */
class Rfc3711_3_3_1_RolloverTest {
  private static final int SSRC = 0x5EED_0001;

  @ParameterizedTest(name = "s_l={0} ROC={1} SEQ={2} -> ROC {3}")
  @CsvSource({
    // s_l below 32768: a SEQ far above it belongs to the previous ROC.
    "100, 5, 101, 5",
    "100, 5, 32868, 5",
    "100, 5, 32869, 4",
    "100, 5, 65535, 4",
    // s_l at or above 32768: a SEQ far below it belongs to the next ROC.
    "65535, 5, 0, 6",
    "65535, 5, 32766, 6",
    "65535, 5, 32767, 5",
    "40000, 5, 7232, 5",
    "40000, 5, 7231, 6",
    "32768, 0, 0, 0",
  })
  void appendixA_guessesTheRolloverCounter(int sl, long roc, int seq, long expectedRoc) {
    long index = PacketIndex.estimate(roc << 16 | sl, seq);

    assertThat(index >>> 16).isEqualTo(expectedRoc);
    assertThat(index & 0xFFFF).isEqualTo(seq);
  }

  @Test
  void firstPacket_hasRocZero_andNothingPrecedesIt() {
    assertThat(PacketIndex.estimate(-1, 65535)).isEqualTo(65535);
    // ROC 0 and SEQ more than half the space above s_l: ROC - 1 does not exist.
    assertThat(PacketIndex.estimate(100, 40000)).isNegative();
  }

  @Test
  void rocPastItsLimit_isReportedAsBeyondTheIndexSpace() {
    long highest = 0xFFFF_FFFFL << 16 | 65535;

    assertThat(PacketIndex.estimate(highest, 0)).isGreaterThanOrEqualTo(PacketIndex.LIMIT);
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void acrossTheWrap_inOrder(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    for (int n = 0; n < 12; n++) {
      int seq = (65530 + n) & 0xFFFF;
      byte[] packet = rtp(SSRC, seq, 160);
      byte[] wire = pair.alice.protectRtp(packet, packet.length);

      // A wrong ROC on either side would change the keystream or the tag, failing authentication.
      assertThat(pair.bob.unprotectRtp(wire, wire.length)).isEqualTo(packet);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void aroundTheWrap_outOfOrder(SrtpProfile profile) throws PacketRejectedException {
    SrtpPair pair = new SrtpPair(profile);
    int[] sent = {65532, 65533, 65534, 65535, 0, 1, 2, 3};
    byte[][] packets = new byte[sent.length][];
    byte[][] wire = new byte[sent.length][];
    for (int i = 0; i < sent.length; i++) {
      packets[i] = rtp(SSRC, sent[i], 160);
      wire[i] = pair.alice.protectRtp(packets[i], packets[i].length);
    }

    // 65532 first, then after the wrap, then the stragglers from before it.
    for (int i : new int[] {0, 5, 2, 4, 3, 7, 1, 6}) {
      assertThat(pair.bob.unprotectRtp(wire[i], wire[i].length)).isEqualTo(packets[i]);
    }
  }

  @ParameterizedTest
  @EnumSource(SrtpProfile.class)
  void senderCountsTheWrap_soAReceiverThatMissedItCannotAuthenticate(SrtpProfile profile) {
    SrtpPair pair = new SrtpPair(profile);
    for (int seq = 65534; seq <= 65535; seq++) {
      byte[] packet = rtp(SSRC, seq, 160);
      pair.alice.protectRtp(packet, packet.length);
    }
    byte[] afterWrap = rtp(SSRC, 5, 160);
    byte[] wire = pair.alice.protectRtp(afterWrap, afterWrap.length);

    // Bob never saw 65534/65535, so he starts this SSRC at ROC 0 while Alice used ROC 1.
    Rfc3711_3_3_2_ReplayTest.assertRejected(
        () -> pair.bob.unprotectRtp(wire, wire.length),
        PacketRejectedException.Reason.AUTHENTICATION_FAILED);
  }
}
