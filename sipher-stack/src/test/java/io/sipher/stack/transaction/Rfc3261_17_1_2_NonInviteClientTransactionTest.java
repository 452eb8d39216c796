package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3261 §17.1.2: the non-INVITE client transaction (Figure 6), on virtual time. */
class Rfc3261_17_1_2_NonInviteClientTransactionTest {
  private final Harness h = new Harness();
  private final RecordingListener listener = new RecordingListener();
  private final SipRequest options = Messages.request("OPTIONS", "z9hG4bK-nict-1");

  private NonInviteClientTransaction send(RecordingWire wire) {
    return (NonInviteClientTransaction) h.layer.sendRequest(options, wire, listener);
  }

  @Test
  void timerE_doublesUpToT2_onUnreliableWire() {
    RecordingWire udp = h.udp();
    send(udp);

    h.advanceMillis(31_999);

    // §17.1.2.2: T1, 2*T1, 4*T1, then capped at T2 (4 s).
    assertThat(udp.sendTimesMillis())
        .containsExactly(
            0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
  }

  @Test
  void timerE_notStarted_onReliableWire() {
    RecordingWire tcp = h.tcp();
    send(tcp);

    h.advanceMillis(31_999);

    assertThat(tcp.sendTimesMillis()).containsExactly(0L);
  }

  @Test
  void timerE_switchesToT2_inProceeding() {
    RecordingWire udp = h.udp();
    NonInviteClientTransaction tx = send(udp);
    h.advanceMillis(200);

    h.layer.receive(Messages.response(options, 100), udp);
    h.advanceMillis(12_000);

    // The pending Timer E (T1) fires at 500 ms; from then on, every T2.
    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.PROCEEDING);
    assertThat(udp.sendTimesMillis()).containsExactly(0L, 500L, 4500L, 8500L);
    assertThat(listener.codes()).containsExactly(100);
  }

  @ParameterizedTest(name = "reliable={0}")
  @ValueSource(booleans = {false, true})
  void timerF_firesAfter64T1_reportsTimeout(boolean reliable) {
    NonInviteClientTransaction tx = send(h.wire(reliable));

    h.advanceMillis(31_999);
    assertThat(listener.timeouts).isZero();

    h.advanceMillis(1);
    assertThat(listener.timeouts).isEqualTo(1);
    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void timerF_firesInProceedingToo() {
    RecordingWire udp = h.udp();
    send(udp);
    h.layer.receive(Messages.response(options, 100), udp);

    h.advanceMillis(32_000);

    assertThat(listener.timeouts).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void final_movesToCompleted_andTimerKIsT4_onUnreliableWire() {
    RecordingWire udp = h.udp();
    NonInviteClientTransaction tx = send(udp);
    h.advanceMillis(100);

    h.layer.receive(Messages.response(options, 200), udp);
    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.COMPLETED);

    // Retransmissions of the response are absorbed, and the request is no longer resent.
    h.layer.receive(Messages.response(options, 200), udp);
    h.advanceMillis(4_999);
    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.COMPLETED);
    assertThat(udp.count()).isEqualTo(1);
    assertThat(listener.codes()).containsExactly(200);
    assertThat(h.user.strays).isEmpty();

    h.advanceMillis(1);
    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.TERMINATED);
    assertThat(listener.terminated).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void timerK_isZero_onReliableWire() {
    RecordingWire tcp = h.tcp();
    NonInviteClientTransaction tx = send(tcp);

    h.layer.receive(Messages.response(options, 404), tcp);

    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.TERMINATED);
    assertThat(listener.codes()).containsExactly(404);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void transportError_isReportedAndTerminates() {
    RecordingWire tcp = h.tcp().failAfter(0);
    NonInviteClientTransaction tx = send(tcp);

    assertThat(listener.transportErrors).hasSize(1);
    assertThat(tx.isTerminated()).isTrue();
    h.advanceMillis(40_000);
    assertThat(listener.timeouts).isZero();
  }

  @Test
  void transportError_onRetransmissionInProceeding_isReported() {
    RecordingWire udp = h.udp().failAfter(2);
    send(udp);
    h.layer.receive(Messages.response(options, 100), udp);

    h.advanceMillis(4_500);

    assertThat(udp.sendTimesMillis()).containsExactly(0L, 500L, 4500L);
    assertThat(listener.transportErrors).hasSize(1);
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void terminate_inProceeding_stopsTimersEAndF_andReportsOnlyTerminated() {
    RecordingWire udp = h.udp();
    NonInviteClientTransaction tx = send(udp);
    h.layer.receive(Messages.response(options, 100), udp);

    assertThat(tx.terminate()).isTrue();
    h.advanceMillis(64_000);

    assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.TERMINATED);
    assertThat(tx.terminate()).isFalse();
    assertThat(udp.sendTimesMillis()).containsExactly(0L);
    assertThat(listener.timeouts).isZero();
    assertThat(listener.terminated).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
  }
}
