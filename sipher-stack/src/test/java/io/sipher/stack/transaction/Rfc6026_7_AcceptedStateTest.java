package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import org.junit.jupiter.api.Test;

/**
 * RFC 6026 §7: the Accepted state of both INVITE transactions, which replaces RFC 3261's
 * termination on a 2xx so that 2xx retransmissions and ACKs are handled by the transaction layer
 * rather than looking like strays.
 */
class Rfc6026_7_AcceptedStateTest {
  private final Harness h = new Harness();
  private final RecordingWire udp = h.udp();
  private final SipRequest invite = Messages.invite("z9hG4bK-6026-1");

  // ---- §7.1: the INVITE server transaction --------------------------------------------------

  private InviteServerTransaction acceptedServer() {
    h.layer.receive(invite, udp);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.lastRequest();
    assertThat(tx.respond(Messages.response(invite, 200))).isTrue();
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
    return tx;
  }

  @Test
  void server_2xxFromTheTu_movesToAccepted_withoutRetransmitting() {
    acceptedServer();

    h.advanceMillis(31_999);

    // The transaction does not retransmit a 2xx: the TU does (RFC 3261 §13.3.1.4).
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 200);
  }

  @Test
  void server_2xxRetransmissionsFromTheTu_passThrough_andOtherResponsesAreDiscarded() {
    InviteServerTransaction tx = acceptedServer();

    assertThat(tx.respond(Messages.response(invite, 200))).isTrue();
    assertThat(tx.respond(Messages.response(invite, 486))).isFalse();
    assertThat(tx.respond(Messages.response(invite, 180))).isFalse();

    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 200, 200);
  }

  @Test
  void server_accepted_keepsTheInviteEncoded_andStillReportsIt() {
    InviteServerTransaction tx = acceptedServer();

    // Accepted lingers 64*T1 and only matches: the parsed INVITE is not kept (EncodedMessage).
    assertThat(tx.request()).isNotSameAs(invite);
    assertThat(tx.request().toByteArray()).isEqualTo(invite.toByteArray());
    assertThat(tx.branch()).isEqualTo("z9hG4bK-6026-1");
  }

  @Test
  void server_retransmittedInvite_isAbsorbed() {
    acceptedServer();

    h.layer.receive(invite, udp);

    assertThat(h.user.requests).hasSize(1);
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 200);
  }

  @Test
  void server_ackMatchingInAccepted_goesToTheTu_withTheTransaction() {
    InviteServerTransaction tx = acceptedServer();
    // An ACK that matches the INVITE transaction (here by reusing its branch).
    SipRequest ack = TransactionRequests.ack(invite, Messages.response(invite, 200));

    h.layer.receive(ack, udp);
    h.layer.receive(ack, udp);

    assertThat(h.user.acks).hasSize(2);
    assertThat(h.user.acks.get(0).invite()).containsSame(tx);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
  }

  @Test
  void server_timerL_terminatesAfter64T1() {
    InviteServerTransaction tx = acceptedServer();

    h.advanceMillis(31_999);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
    h.advanceMillis(1);

    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.TERMINATED);
    assertThat(h.user.timeouts).isEmpty();
    assertThat(h.layer.size()).isZero();

    // Afterwards an ACK matches nothing and still reaches the TU.
    h.layer.receive(TransactionRequests.ack(invite, Messages.response(invite, 200)), udp);
    assertThat(h.user.acks.get(0).invite()).isEmpty();
  }

  @Test
  void server_transportErrorIn_accepted_isReported_butTheTransactionStays() {
    RecordingWire failing = h.udp().failAfter(1);
    h.layer.receive(invite, failing);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.lastRequest();

    tx.respond(Messages.response(invite, 200));

    assertThat(h.user.transportErrors).hasSize(1);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
  }

  // ---- §7.2: the INVITE client transaction --------------------------------------------------

  private final RecordingListener listener = new RecordingListener();

  private InviteClientTransaction acceptedClient() {
    InviteClientTransaction tx =
        (InviteClientTransaction) h.layer.sendRequest(invite, udp, listener);
    h.layer.receive(Messages.response(invite, 200, "fork-1"), udp);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.ACCEPTED);
    return tx;
  }

  @Test
  void client_2xx_movesToAccepted_stopsTimerA_andSendsNoAck() {
    acceptedClient();

    h.advanceMillis(31_999);

    assertThat(udp.sendTimesMillis()).containsExactly(0L);
    assertThat(udp.requests("ACK")).isEmpty();
    assertThat(listener.timeouts).isZero();
  }

  @Test
  void client_accepted_keepsTheInviteEncoded_andStillReportsIt() {
    InviteClientTransaction tx = acceptedClient();

    // Accepted lingers 64*T1 and only passes 2xx on: the parsed INVITE is not kept.
    assertThat(tx.request()).isNotSameAs(invite);
    assertThat(tx.request().toByteArray()).isEqualTo(invite.toByteArray());
    assertThat(tx.branch()).isEqualTo("z9hG4bK-6026-1");
  }

  @Test
  void client_further2xx_fromRetransmissionsAndOtherForks_goToTheTu() {
    acceptedClient();

    h.layer.receive(Messages.response(invite, 200, "fork-1"), udp);
    h.layer.receive(Messages.response(invite, 200, "fork-2"), udp);
    h.layer.receive(Messages.response(invite, 486, "fork-3"), udp);
    h.layer.receive(Messages.response(invite, 180, "fork-4"), udp);

    assertThat(listener.responses)
        .extracting(r -> r.statusCode() + " " + r.to().tag())
        .containsExactly("200 fork-1", "200 fork-1", "200 fork-2");
    assertThat(h.user.strays).isEmpty();
  }

  @Test
  void client_timerM_terminatesAfter64T1_then2xxAreStray() {
    InviteClientTransaction tx = acceptedClient();

    h.advanceMillis(31_999);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.ACCEPTED);
    h.advanceMillis(1);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(listener.terminated).isEqualTo(1);
    assertThat(h.layer.size()).isZero();

    h.layer.receive(Messages.response(invite, 200, "fork-1"), udp);
    assertThat(h.user.strays).hasSize(1);
  }
}
