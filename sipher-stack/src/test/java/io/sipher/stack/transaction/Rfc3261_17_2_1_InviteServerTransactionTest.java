package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3261 §17.2.1: the INVITE server transaction (Figure 7), on virtual time. */
class Rfc3261_17_2_1_InviteServerTransactionTest {
  private final Harness h = new Harness();
  private final SipRequest invite =
      Messages.invite("z9hG4bK-ist-1").edit().add(HeaderName.TIMESTAMP, "54").build();

  private InviteServerTransaction receive(RecordingWire wire) {
    h.layer.receive(invite, wire);
    return (InviteServerTransaction) h.user.lastRequest();
  }

  @Test
  void newInvite_sends100TryingAtOnce_andReachesTheTu() {
    RecordingWire udp = h.udp();
    InviteServerTransaction tx = receive(udp);

    assertThat(h.user.requests).containsExactly(tx);
    assertThat(tx.request()).isSameAs(invite);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.PROCEEDING);
    SipResponse trying = udp.responses().get(0);
    assertThat(trying.statusCode()).isEqualTo(100);
    assertThat(trying.vias()).isEqualTo(invite.vias());
    assertThat(trying.to().tag()).isNull();
    assertThat(trying.cseq()).isEqualTo(invite.cseq());
    assertThat(trying.headers().firstValue(HeaderName.TIMESTAMP)).isEqualTo("54");
  }

  @Test
  void retransmittedInvite_inProceeding_resendsTheLatestProvisional() {
    RecordingWire udp = h.udp();
    InviteServerTransaction tx = receive(udp);
    h.layer.receive(invite, udp);
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 100);

    tx.respond(Messages.response(invite, 180));
    h.layer.receive(invite, udp);

    assertThat(udp.responses())
        .extracting(SipResponse::statusCode)
        .containsExactly(100, 100, 180, 180);
    assertThat(h.user.requests).hasSize(1);
  }

  @Test
  void nonSuccessFinal_timerGDoublesUpToT2_thenTimerHReportsTimeout() {
    RecordingWire udp = h.udp();
    InviteServerTransaction tx = receive(udp);
    udp.clear();

    assertThat(tx.respond(Messages.response(invite, 486))).isTrue();
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.COMPLETED);
    h.advanceMillis(31_999);

    assertThat(udp.sendTimesMillis())
        .containsExactly(
            0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
    assertThat(h.user.timeouts).isEmpty();

    // §17.2.1: Timer H, 64*T1: the ACK never came.
    h.advanceMillis(1);
    assertThat(h.user.timeouts).containsExactly(tx);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void timerG_notStarted_onReliableWire_butTimerHFires() {
    RecordingWire tcp = h.tcp();
    InviteServerTransaction tx = receive(tcp);
    tx.respond(Messages.response(invite, 603));

    h.advanceMillis(32_000);

    assertThat(tcp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 603);
    assertThat(h.user.timeouts).containsExactly(tx);
  }

  @Test
  void retransmittedInvite_inCompleted_resendsTheFinal() {
    RecordingWire tcp = h.tcp();
    InviteServerTransaction tx = receive(tcp);
    tx.respond(Messages.response(invite, 486));

    h.layer.receive(invite, tcp);

    assertThat(tcp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 486, 486);
    assertThat(h.user.requests).hasSize(1);
  }

  @Test
  void ack_inCompleted_movesToConfirmed_stopsTimerG_andTimerIIsT4() {
    RecordingWire udp = h.udp();
    InviteServerTransaction tx = receive(udp);
    SipResponse busy = Messages.response(invite, 486);
    tx.respond(busy);
    h.advanceMillis(600);
    int sent = udp.count();

    SipRequest ack = TransactionRequests.ack(invite, busy);
    h.layer.receive(ack, udp);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);
    h.layer.receive(ack, udp); // a retransmitted ACK is absorbed as well

    h.advanceMillis(4_999);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);
    assertThat(udp.count()).isEqualTo(sent);
    assertThat(h.user.acks).isEmpty();

    h.advanceMillis(1);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.TERMINATED);
    assertThat(h.user.timeouts).isEmpty();
    assertThat(h.user.terminated).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
  }

  @Test
  void timerI_isZero_onReliableWire() {
    RecordingWire tcp = h.tcp();
    InviteServerTransaction tx = receive(tcp);
    SipResponse busy = Messages.response(invite, 486);
    tx.respond(busy);

    h.layer.receive(TransactionRequests.ack(invite, busy), tcp);

    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.TERMINATED);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
  }

  @Test
  void secondFinal_isDiscarded() {
    RecordingWire tcp = h.tcp();
    InviteServerTransaction tx = receive(tcp);
    tx.respond(Messages.response(invite, 486));

    assertThat(tx.respond(Messages.response(invite, 500))).isFalse();
    assertThat(tx.respond(Messages.response(invite, 200))).isFalse();
    assertThat(tcp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 486);
  }

  @ParameterizedTest(name = "reliable={0}")
  @ValueSource(booleans = {false, true})
  void transportError_onResponse_isReportedAndTerminates(boolean reliable) {
    RecordingWire wire = h.wire(reliable).failAfter(1);
    InviteServerTransaction tx = receive(wire);

    tx.respond(Messages.response(invite, 480));

    assertThat(h.user.transportErrors).hasSize(1);
    assertThat(tx.isTerminated()).isTrue();
    assertThat(h.layer.size()).isZero();
    h.advanceMillis(40_000);
    assertThat(h.user.timeouts).isEmpty();
  }

  @Test
  void unansweredInvite_isNeverAnsweredOrEndedByTheTransaction() {
    RecordingWire udp = h.udp();
    InviteServerTransaction tx = receive(udp);

    // A call may ring for minutes (§13.3.1.1): only the TU may end it, with a final response.
    h.advanceMillis(600_000);

    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.PROCEEDING);
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100);
    assertThat(h.user.timeouts).isEmpty();
    assertThat(h.layer.size()).isEqualTo(1);
  }
}
