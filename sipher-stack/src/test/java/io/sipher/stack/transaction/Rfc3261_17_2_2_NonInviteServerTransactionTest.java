package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3261 §17.2.2: the non-INVITE server transaction (Figure 8), on virtual time. */
class Rfc3261_17_2_2_NonInviteServerTransactionTest {
  private final Harness h = new Harness();
  private final SipRequest register = Messages.request("REGISTER", "z9hG4bK-nist-1");

  private NonInviteServerTransaction receive(RecordingWire wire) {
    h.layer.receive(register, wire);
    return (NonInviteServerTransaction) h.user.lastRequest();
  }

  @Test
  void newRequest_reachesTheTu_inTrying_withNothingSent() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);

    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TRYING);
    assertThat(udp.count()).isZero();
  }

  @Test
  void retransmission_inTrying_isAbsorbed() {
    RecordingWire udp = h.udp();
    receive(udp);

    h.layer.receive(register, udp);

    assertThat(udp.count()).isZero();
    assertThat(h.user.requests).hasSize(1);
  }

  @Test
  void retransmission_inProceeding_resendsTheProvisional() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);
    tx.respond(Messages.response(register, 100));
    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.PROCEEDING);

    h.layer.receive(register, udp);

    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 100);
  }

  @Test
  void final_timerJIs64T1_onUnreliableWire_andRetransmissionsGetTheFinal() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);
    assertThat(tx.respond(Messages.response(register, 200))).isTrue();
    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.COMPLETED);

    h.advanceMillis(10_000);
    h.layer.receive(register, udp);
    h.advanceMillis(21_999);

    // No retransmission of its own: only in answer to the request's.
    assertThat(udp.sendTimesMillis()).containsExactly(0L, 10_000L);
    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.COMPLETED);
    h.advanceMillis(1);
    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TERMINATED);
    assertThat(h.user.terminated).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void completed_keepsItsMessagesEncoded_andStillAnswersWithTheSameBytes() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);
    SipResponse ok = Messages.response(register, 200);
    tx.respond(ok);

    h.layer.receive(register, udp);

    // The lingering transaction holds bytes, not the parsed messages (EncodedMessage), yet the
    // resent response and the request it reports are the same on the wire.
    assertThat(udp.responses()).hasSize(2);
    assertThat(udp.responses().get(1)).isNotSameAs(ok);
    assertThat(udp.responses().get(1).toByteArray()).isEqualTo(ok.toByteArray());
    assertThat(tx.request()).isNotSameAs(register);
    assertThat(tx.request().toByteArray()).isEqualTo(register.toByteArray());
    assertThat(tx.branch()).isEqualTo("z9hG4bK-nist-1");
  }

  @Test
  void rfc3261_8_2_7_statelessFinal_endsTheTransaction_andARetransmissionIsANewRequest() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);

    assertThat(tx.respondStatelessly(Messages.response(register, 401))).isTrue();

    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    h.layer.receive(register, udp);
    assertThat(h.user.requests).hasSize(2); // to be challenged again
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(401);
  }

  @Test
  void answeredWithinOnRequest_costsNoTuAnswerTimer() {
    h.user.answerAtOnce = r -> Messages.response(r, 200);

    h.layer.receive(register, h.tcp());

    assertThat(h.clock.pendingTasks()).isZero();
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void notAnsweredWithinOnRequest_getsTheTuAnswerTimer() {
    receive(h.udp());

    assertThat(h.clock.pendingTasks()).isEqualTo(1);
  }

  @Test
  void timerJ_isZero_onReliableWire() {
    RecordingWire tcp = h.tcp();
    NonInviteServerTransaction tx = receive(tcp);

    tx.respond(Messages.response(register, 200));

    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void finalAfterFinal_isDiscarded() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);
    tx.respond(Messages.response(register, 401));

    assertThat(tx.respond(Messages.response(register, 200))).isFalse();
    assertThat(tx.respond(Messages.response(register, 100))).isFalse();
    h.layer.receive(register, udp);

    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(401, 401);
  }

  @Test
  void transportError_isReportedAndTerminates() {
    RecordingWire udp = h.udp().failAfter(0);
    NonInviteServerTransaction tx = receive(udp);

    tx.respond(Messages.response(register, 200));

    assertThat(h.user.transportErrors).hasSize(1);
    assertThat(tx.isTerminated()).isTrue();
    assertThat(h.layer.size()).isZero();
  }

  // ---- A TU that never answers: the client gives up at Timer F (RFC 4320, RFC 4321 §1.4) ------

  @ParameterizedTest(name = "reliable={0}")
  @ValueSource(booleans = {false, true})
  void unanswered_endsAfter64T1_sendingNothing_andReportsTimeout(boolean reliable) {
    RecordingWire wire = h.wire(reliable);
    NonInviteServerTransaction tx = receive(wire);

    h.advanceMillis(31_999);
    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TRYING);
    assertThat(h.user.timeouts).isEmpty();
    h.advanceMillis(1);

    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TERMINATED);
    assertThat(h.user.timeouts).containsExactly(tx);
    assertThat(h.user.terminated).isEqualTo(1);
    assertThat(wire.count()).isZero(); // no 408: RFC 4320
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
    assertThat(tx.respond(Messages.response(register, 200))).isFalse();
  }

  @Test
  void provisionalOnly_stillEndsAfter64T1_withoutResendingIt() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);
    h.advanceMillis(1000);
    tx.respond(Messages.response(register, 100));

    h.advanceMillis(31_000);

    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TERMINATED);
    assertThat(h.user.timeouts).containsExactly(tx);
    assertThat(udp.sendTimesMillis()).containsExactly(1000L);
  }

  @Test
  void finalResponse_stopsTheWaitForTheTu() {
    RecordingWire udp = h.udp();
    NonInviteServerTransaction tx = receive(udp);
    h.advanceMillis(31_000);
    tx.respond(Messages.response(register, 200));

    h.advanceMillis(31_999); // Timer J runs from the response

    assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.COMPLETED);
    assertThat(h.user.timeouts).isEmpty();
  }

  @Test
  void waitForTheTu_isConfigurable() {
    TransactionLayer layer =
        new TransactionLayer(
            TransactionConfig.DEFAULTS.withFinalResponseTimeout(Duration.ofSeconds(5)),
            h.clock,
            h.user);
    layer.receive(register, h.udp());

    h.advanceMillis(4_999);
    assertThat(h.user.timeouts).isEmpty();
    h.advanceMillis(1);

    assertThat(h.user.timeouts).hasSize(1);
    assertThat(layer.size()).isZero();
  }

  @Test
  void unansweredCancel_endsTheSameWay() {
    RecordingWire udp = h.udp();
    h.layer.receive(TransactionRequests.cancel(Messages.invite("z9hG4bK-nist-c")), udp);

    h.advanceMillis(32_000);

    assertThat(h.user.timeouts).containsExactly(h.user.cancels.get(0).cancel());
    assertThat(udp.count()).isZero();
    assertThat(h.layer.size()).isZero();
  }
}
