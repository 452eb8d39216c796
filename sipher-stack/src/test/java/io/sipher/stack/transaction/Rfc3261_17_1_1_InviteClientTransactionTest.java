package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3261 §17.1.1: the INVITE client transaction (Figure 5), on virtual time. */
class Rfc3261_17_1_1_InviteClientTransactionTest {
  private final Harness h = new Harness();
  private final RecordingListener listener = new RecordingListener();
  private final SipRequest invite = Messages.invite("z9hG4bK-ict-1");

  private InviteClientTransaction send(RecordingWire wire) {
    return (InviteClientTransaction) h.layer.sendRequest(invite, wire, listener);
  }

  @Test
  void timerA_startsAtT1AndDoubles_onUnreliableWire() {
    RecordingWire udp = h.udp();
    InviteClientTransaction tx = send(udp);

    h.advanceMillis(31_999);

    // §17.1.1.2: sends at 0, then after T1, 2*T1, 4*T1 ... until Timer B.
    assertThat(udp.sendTimesMillis())
        .containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
    assertThat(udp.requests("INVITE")).allSatisfy(r -> assertThat(r).isSameAs(invite));
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.CALLING);
  }

  @Test
  void timerA_notStarted_onReliableWire() {
    RecordingWire tcp = h.tcp();
    send(tcp);

    h.advanceMillis(31_999);

    assertThat(tcp.sendTimesMillis()).containsExactly(0L);
  }

  @ParameterizedTest(name = "reliable={0}")
  @ValueSource(booleans = {false, true})
  void timerB_firesAfter64T1_reportsTimeout(boolean reliable) {
    InviteClientTransaction tx = send(h.wire(reliable));

    h.advanceMillis(31_999);
    assertThat(listener.timeouts).isZero();

    h.advanceMillis(1);
    assertThat(listener.timeouts).isEqualTo(1);
    assertThat(listener.terminated).isEqualTo(1);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void provisional_movesToProceeding_stopsRetransmissionsAndTimerB() {
    RecordingWire udp = h.udp();
    InviteClientTransaction tx = send(udp);
    h.advanceMillis(600); // one retransmission at 500 ms

    h.layer.receive(Messages.response(invite, 180), udp);
    h.advanceMillis(120_000);

    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.PROCEEDING);
    assertThat(udp.sendTimesMillis()).containsExactly(0L, 500L);
    assertThat(listener.codes()).containsExactly(180);
    assertThat(listener.timeouts).isZero();
  }

  @Test
  void provisionalsInProceeding_allReachTheTu() {
    RecordingWire udp = h.udp();
    send(udp);
    h.layer.receive(Messages.response(invite, 100), udp);
    h.layer.receive(Messages.response(invite, 180), udp);
    h.layer.receive(Messages.response(invite, 183), udp);

    assertThat(listener.codes()).containsExactly(100, 180, 183);
  }

  @Test
  void nonSuccessFinal_movesToCompleted_andSendsAck() {
    RecordingWire udp = h.udp();
    InviteClientTransaction tx = send(udp);
    h.layer.receive(Messages.response(invite, 180), udp);
    SipResponse busy = Messages.response(invite, 486, "busy-tag");

    h.layer.receive(busy, udp);

    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.COMPLETED);
    assertThat(listener.codes()).containsExactly(180, 486);
    assertThat(udp.requests("ACK")).hasSize(1);
  }

  @Test
  void ackForNonSuccess_hasTheFieldsOf17_1_1_3() {
    RecordingWire udp = h.udp();
    send(udp);
    h.layer.receive(Messages.response(invite, 404, "nf-tag"), udp);

    SipRequest ack = udp.requests("ACK").get(0);
    assertThat(ack.requestUriText()).isEqualTo(invite.requestUriText());
    assertThat(ack.callId()).isEqualTo(invite.callId());
    assertThat(ack.from()).isEqualTo(invite.from());
    // The To of the response, with its tag.
    assertThat(ack.to().tag()).isEqualTo("nf-tag");
    assertThat(ack.to().uri()).isEqualTo(invite.to().uri());
    assertThat(ack.cseq().sequence()).isEqualTo(invite.cseq().sequence());
    assertThat(ack.cseq().method()).isEqualTo("ACK");
    // One Via, equal to the INVITE's top Via (same branch: it belongs to this transaction).
    assertThat(ack.vias()).containsExactly(invite.topVia());
    assertThat(ack.headers().values(HeaderName.ROUTE)).containsExactly(Messages.ROUTE);
    assertThat(ack.maxForwards()).isEqualTo(70);
    assertThat(ack.bodyLength()).isZero();
  }

  @Test
  void finalRetransmission_inCompleted_resendsAck_withoutTellingTheTu() {
    RecordingWire udp = h.udp();
    send(udp);
    SipResponse busy = Messages.response(invite, 486);
    h.layer.receive(busy, udp);

    h.advanceMillis(2000);
    h.layer.receive(busy, udp);
    h.layer.receive(busy, udp);

    assertThat(udp.requests("ACK")).hasSize(3);
    assertThat(udp.requests("INVITE")).hasSize(1);
    assertThat(listener.codes()).containsExactly(486);
  }

  @Test
  void timerD_is32s_onUnreliableWire() {
    RecordingWire udp = h.udp();
    InviteClientTransaction tx = send(udp);
    h.layer.receive(Messages.response(invite, 486), udp);

    h.advanceMillis(31_999);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.COMPLETED);

    h.advanceMillis(1);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    assertThat(listener.terminated).isEqualTo(1);
  }

  @Test
  void timerD_isZero_onReliableWire() {
    RecordingWire tcp = h.tcp();
    InviteClientTransaction tx = send(tcp);

    h.layer.receive(Messages.response(invite, 486), tcp);

    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(tcp.requests("ACK")).hasSize(1);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void responseAfterTermination_isStrayForTheTu() {
    RecordingWire tcp = h.tcp();
    send(tcp);
    h.layer.receive(Messages.response(invite, 486), tcp);

    h.layer.receive(Messages.response(invite, 486), tcp);

    assertThat(h.user.strays).hasSize(1);
    assertThat(listener.codes()).containsExactly(486);
  }

  @Test
  void transportError_onFirstSend_isReportedAndTerminates() {
    RecordingWire udp = h.udp().failAfter(0);
    InviteClientTransaction tx = send(udp);

    assertThat(listener.transportErrors).hasSize(1);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();

    h.advanceMillis(60_000);
    assertThat(listener.timeouts).isZero();
    assertThat(udp.count()).isEqualTo(1);
  }

  @Test
  void transportError_onRetransmission_isReported() {
    RecordingWire udp = h.udp().failAfter(1);
    InviteClientTransaction tx = send(udp);

    h.advanceMillis(499);
    assertThat(listener.transportErrors).isEmpty();
    h.advanceMillis(1);

    assertThat(listener.transportErrors).hasSize(1);
    assertThat(tx.isTerminated()).isTrue();
  }

  @Test
  void transportError_onAck_terminatesSilently() {
    RecordingWire udp = h.udp().failAfter(1);
    InviteClientTransaction tx = send(udp);

    h.layer.receive(Messages.response(invite, 503), udp);

    assertThat(listener.codes()).containsExactly(503);
    assertThat(listener.transportErrors).isEmpty();
    assertThat(tx.isTerminated()).isTrue();
  }

  @Test
  void proceeding_withoutCancel_hasNoTimerOfItsOwn() {
    RecordingWire udp = h.udp();
    send(udp);
    h.layer.receive(Messages.response(invite, 180), udp);

    // A callee may ring for minutes (§13.3.1.1); the TU decides when to give up.
    assertThat(h.clock.pendingTasks()).isZero();
  }

  /** §16.6 step 11, §16.8: a proxy's Timer C ends a branch through {@code terminate()}. */
  @Test
  void terminate_inProceeding_sendsNothing_andReportsOnlyTerminated() {
    RecordingWire udp = h.udp();
    InviteClientTransaction tx = send(udp);
    h.layer.receive(Messages.response(invite, 180), udp);

    assertThat(tx.terminate()).isTrue();
    assertThat(tx.terminate()).isFalse();

    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(listener.terminated).isEqualTo(1);
    assertThat(listener.timeouts).isZero();
    assertThat(listener.transportErrors).isEmpty();
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();

    // A final response that comes anyway is a stray for the TU, and the transaction sends no ACK.
    h.layer.receive(Messages.response(invite, 487), udp);
    assertThat(h.user.strays).extracting(SipResponse::statusCode).containsExactly(487);
    assertThat(udp.requests("INVITE")).hasSize(1);
    assertThat(udp.requests("ACK")).isEmpty();
    assertThat(listener.codes()).containsExactly(180);
  }

  @Test
  void terminate_inCalling_stopsTimersAAndB_andDropsAHeldCancel() {
    RecordingWire udp = h.udp();
    InviteClientTransaction tx = send(udp);
    var heldCancel = tx.cancel(new RecordingListener());

    assertThat(tx.terminate()).isTrue();
    h.advanceMillis(64_000);

    assertThat(udp.sendTimesMillis()).containsExactly(0L);
    assertThat(heldCancel.toCompletableFuture().join()).isEmpty();
    assertThat(listener.timeouts).isZero();
    assertThat(listener.terminated).isEqualTo(1);
  }

  @Test
  void sendRequest_refusesAck_andADuplicateBranch() {
    RecordingWire udp = h.udp();
    send(udp);

    assertThatThrownBy(() -> h.layer.sendRequest(invite, udp, listener))
        .isInstanceOf(IllegalStateException.class);
    SipRequest ack = TransactionRequests.ack(invite, Messages.response(invite, 486));
    assertThatThrownBy(() -> h.layer.sendRequest(ack, udp, listener))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
