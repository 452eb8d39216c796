package io.sipher.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 3550 §A.1 (sequence validation) and §A.3 (loss accounting). */
class Rfc3550_A_1_SequenceTest {

  private static boolean feed(RtpStatistics s, int seq) {
    return s.onPacket(seq);
  }

  @Test
  void aNewSourceIsOnProbationForOnePacket() {
    RtpStatistics s = new RtpStatistics(1, 100);
    assertThat(feed(s, 100)).isFalse();
    assertThat(s.received()).isZero();
    assertThat(feed(s, 101)).isTrue();
    assertThat(feed(s, 102)).isTrue();
    assertThat(s.received()).isEqualTo(2);
    assertThat(s.expected()).isEqualTo(2);
    assertThat(s.cumulativeLost()).isZero();
  }

  @Test
  void probationRestartsOnAGap() {
    RtpStatistics s = new RtpStatistics(1, 100);
    assertThat(feed(s, 100)).isFalse();
    assertThat(feed(s, 105)).isFalse();
    assertThat(feed(s, 106)).isTrue();
  }

  @Test
  void wrapCountsCycles() {
    RtpStatistics s = new RtpStatistics(1, 65533);
    for (int seq : new int[] {65533, 65534, 65535, 0, 1}) {
      feed(s, seq);
    }
    assertThat(s.extendedHighestSequence()).isEqualTo(65536 + 1);
    assertThat(s.expected()).isEqualTo(4);
    assertThat(s.received()).isEqualTo(4);
  }

  @Test
  void lossDuplicatesAndReordering() {
    RtpStatistics s = new RtpStatistics(1, 10);
    feed(s, 10);
    feed(s, 11); // valid from here: base 11
    feed(s, 13); // 12 missing
    feed(s, 15); // 14 missing
    feed(s, 14); // arrives late: reordered, still counted
    assertThat(s.expected()).isEqualTo(5);
    assertThat(s.received()).isEqualTo(4);
    assertThat(s.cumulativeLost()).isEqualTo(1);
    feed(s, 15);
    feed(s, 15); // duplicates count as received (§6.4.1), so loss can go negative
    assertThat(s.cumulativeLost()).isEqualTo(-1);
  }

  @Test
  void aLargeJumpIsARestartOnlyWhenConfirmed() {
    RtpStatistics s = new RtpStatistics(1, 1000);
    feed(s, 1000);
    feed(s, 1001);
    assertThat(feed(s, 30000)).isFalse(); // beyond MAX_DROPOUT: suspicious
    assertThat(feed(s, 1002)).isTrue(); // the old stream goes on
    assertThat(feed(s, 40000)).isFalse();
    assertThat(feed(s, 40001)).isTrue(); // two in a row: the sender restarted
    assertThat(s.received()).isEqualTo(1);
    assertThat(s.extendedHighestSequence()).isEqualTo(40001);
  }

  @Test
  void fractionLostPerReportInterval() {
    RtpStatistics s = new RtpStatistics(7, 0);
    feed(s, 0);
    for (int seq = 1; seq <= 100; seq++) {
      if (seq % 4 != 2) {
        feed(s, seq); // 2, 6, ..., 98 lost: 25 of 100
      }
    }
    ReportBlock first = s.report(0, 0);
    assertThat(first.ssrc()).isEqualTo(7);
    assertThat(first.cumulativeLost()).isEqualTo(25);
    assertThat(first.fractionLost()).isEqualTo(25 * 256 / 100);
    assertThat(first.extendedHighestSequence()).isEqualTo(100);
    for (int seq = 101; seq <= 200; seq++) {
      feed(s, seq);
    }
    ReportBlock second = s.report(0x12345678L, 65536);
    assertThat(second.fractionLost()).isZero();
    assertThat(second.cumulativeLost()).isEqualTo(25);
    assertThat(second.lastSr()).isEqualTo(0x12345678L);
    assertThat(second.delaySinceLastSr()).isEqualTo(65536);
  }
}
