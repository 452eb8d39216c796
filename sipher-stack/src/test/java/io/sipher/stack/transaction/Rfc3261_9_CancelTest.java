package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §9: cancelling a request. §9.1 on the client (CANCEL content, held until a provisional
 * response), §9.2 on the server (a CANCEL is its own transaction; the INVITE it cancels is found by
 * the matching rules, and the TU answers 481 when there is none).
 */
class Rfc3261_9_CancelTest {
  private final Harness h = new Harness();
  private final RecordingWire udp = h.udp();
  private final RecordingListener inviteListener = new RecordingListener();
  private final RecordingListener cancelListener = new RecordingListener();
  private final SipRequest invite = Messages.invite("z9hG4bK-cancel-1");

  private InviteClientTransaction sendInvite() {
    return (InviteClientTransaction) h.layer.sendRequest(invite, udp, inviteListener);
  }

  private static <T> T now(CompletionStage<T> stage) {
    CompletableFuture<T> f = stage.toCompletableFuture();
    assertThat(f).isDone();
    return f.join();
  }

  // ---- §9.1: the client ---------------------------------------------------------------------

  @Test
  void cancel_hasTheFieldsOf9_1() {
    SipRequest cancel = TransactionRequests.cancel(invite);

    assertThat(cancel.method()).isEqualTo("CANCEL");
    assertThat(cancel.requestUriText()).isEqualTo(invite.requestUriText());
    assertThat(cancel.callId()).isEqualTo(invite.callId());
    assertThat(cancel.to()).isEqualTo(invite.to());
    assertThat(cancel.from()).isEqualTo(invite.from());
    assertThat(cancel.cseq().sequence()).isEqualTo(invite.cseq().sequence());
    assertThat(cancel.cseq().method()).isEqualTo("CANCEL");
    assertThat(cancel.vias()).containsExactly(invite.topVia());
    assertThat(cancel.headers().values(HeaderName.ROUTE)).containsExactly(Messages.ROUTE);
    assertThat(cancel.maxForwards()).isEqualTo(70);
  }

  @Test
  void cancel_beforeAnyProvisional_isHeldUntilOneArrives() {
    InviteClientTransaction tx = sendInvite();

    CompletionStage<Optional<ClientTransaction>> result = tx.cancel(cancelListener);
    h.advanceMillis(1000);
    assertThat(result.toCompletableFuture()).isNotDone();
    assertThat(udp.requests("CANCEL")).isEmpty();

    h.layer.receive(Messages.response(invite, 180), udp);

    Optional<ClientTransaction> cancelTx = now(result);
    assertThat(cancelTx).isPresent();
    assertThat(cancelTx.get()).isInstanceOf(NonInviteClientTransaction.class);
    assertThat(udp.requests("CANCEL")).hasSize(1);
    assertThat(cancelTx.get().request()).isSameAs(udp.requests("CANCEL").get(0));
    assertThat(cancelTx.get().wire()).isSameAs(udp);
  }

  @Test
  void cancel_inProceeding_isSentAtOnce_andIsItsOwnTransaction() {
    InviteClientTransaction tx = sendInvite();
    h.layer.receive(Messages.response(invite, 180), udp);

    ClientTransaction cancelTx = now(tx.cancel(cancelListener)).orElseThrow();
    SipRequest cancel = cancelTx.request();
    h.layer.receive(Messages.response(cancel, 200), udp);
    h.layer.receive(Messages.response(invite, 487), udp);

    assertThat(cancelListener.codes()).containsExactly(200);
    assertThat(inviteListener.codes()).containsExactly(180, 487);
    assertThat(udp.requests("ACK")).hasSize(1);
  }

  @Test
  void cancel_calledTwice_sendsOneCancel() {
    InviteClientTransaction tx = sendInvite();
    h.layer.receive(Messages.response(invite, 180), udp);

    CompletionStage<Optional<ClientTransaction>> first = tx.cancel(cancelListener);
    CompletionStage<Optional<ClientTransaction>> second = tx.cancel(cancelListener);

    assertThat(second).isSameAs(first);
    assertThat(udp.requests("CANCEL")).hasSize(1);
  }

  @Test
  void cancel_afterAFinalResponse_sendsNothing() {
    InviteClientTransaction tx = sendInvite();
    h.layer.receive(Messages.response(invite, 486), udp);

    assertThat(now(tx.cancel(cancelListener))).isEmpty();
    assertThat(udp.requests("CANCEL")).isEmpty();
  }

  @Test
  void heldCancel_isDropped_whenTheInviteGetsAFinalResponseFirst() {
    InviteClientTransaction tx = sendInvite();
    CompletionStage<Optional<ClientTransaction>> result = tx.cancel(cancelListener);

    h.layer.receive(Messages.response(invite, 200), udp);

    assertThat(now(result)).isEmpty();
    assertThat(udp.requests("CANCEL")).isEmpty();
  }

  @Test
  void heldCancel_isDropped_whenTheInviteTimesOut() {
    InviteClientTransaction tx = sendInvite();
    CompletionStage<Optional<ClientTransaction>> result = tx.cancel(cancelListener);

    h.advanceMillis(32_000);

    assertThat(inviteListener.timeouts).isEqualTo(1);
    assertThat(now(result)).isEmpty();
    assertThat(udp.requests("CANCEL")).isEmpty();
  }

  @Test
  void cancelledInvite_withNoFinalWithin64T1OfTheCancel_endsWithTimeout() {
    InviteClientTransaction tx = sendInvite();
    h.layer.receive(Messages.response(invite, 180), udp);
    h.advanceMillis(1000);
    ClientTransaction cancelTx = now(tx.cancel(cancelListener)).orElseThrow();
    h.layer.receive(Messages.response(cancelTx.request(), 200), udp);

    // §9.1: the UAS answered the CANCEL but never the INVITE.
    h.advanceMillis(31_999);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.PROCEEDING);
    assertThat(inviteListener.timeouts).isZero();
    h.advanceMillis(1);

    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
    assertThat(inviteListener.timeouts).isEqualTo(1);
    assertThat(inviteListener.terminated).isEqualTo(1);
    assertThat(h.layer.size()).isZero();
    assertThat(h.clock.pendingTasks()).isZero();
    assertThat(udp.requests("INVITE")).hasSize(1);
    assertThat(udp.requests("ACK")).isEmpty();
  }

  @Test
  void heldCancel_starts64T1Wait_whenItIsSent() {
    InviteClientTransaction tx = sendInvite();
    tx.cancel(cancelListener);
    h.advanceMillis(1000);
    h.layer.receive(Messages.response(invite, 180), udp); // the CANCEL goes out now

    h.advanceMillis(31_999);
    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.PROCEEDING);
    h.advanceMillis(1);

    assertThat(inviteListener.timeouts).isEqualTo(1);
    assertThat(tx.isTerminated()).isTrue();
  }

  @Test
  void finalResponseAfterTheCancel_stopsTheWait() {
    InviteClientTransaction tx = sendInvite();
    h.layer.receive(Messages.response(invite, 180), udp);
    ClientTransaction cancelTx = now(tx.cancel(cancelListener)).orElseThrow();
    h.layer.receive(Messages.response(cancelTx.request(), 200), udp);
    h.advanceMillis(20_000);

    h.layer.receive(Messages.response(invite, 487), udp);
    h.advanceMillis(12_000); // past 64*T1 after the CANCEL, inside Timer D

    assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.COMPLETED);
    assertThat(inviteListener.timeouts).isZero();
    assertThat(inviteListener.codes()).containsExactly(180, 487);
  }

  // ---- §9.2: the server ---------------------------------------------------------------------

  @Test
  void cancel_matchingAnInvite_reachesTheTuWithBothTransactions() {
    h.layer.receive(invite, udp);
    InviteServerTransaction inviteTx = (InviteServerTransaction) h.user.lastRequest();

    SipRequest cancel = TransactionRequests.cancel(invite);
    h.layer.receive(cancel, udp);

    assertThat(h.user.cancels).hasSize(1);
    RecordingUser.Cancel c = h.user.cancels.get(0);
    assertThat(c.invite()).containsSame(inviteTx);
    assertThat(c.cancel()).isInstanceOf(NonInviteServerTransaction.class);
    assertThat(c.cancel().request()).isSameAs(cancel);
    assertThat(h.user.requests).containsExactly(inviteTx);

    // A UAS answers both (§9.2): 200 to the CANCEL, 487 to the INVITE.
    c.cancel().respond(Messages.response(cancel, 200));
    inviteTx.respond(Messages.response(invite, 487));
    assertThat(udp.responses())
        .extracting(r -> r.statusCode() + " " + r.cseq().method())
        .containsExactly("100 INVITE", "200 CANCEL", "487 INVITE");
  }

  @Test
  void cancel_matchingNothing_reachesTheTuAlone_whichAnswers481() {
    SipRequest cancel = TransactionRequests.cancel(invite);

    h.layer.receive(cancel, udp);

    RecordingUser.Cancel c = h.user.cancels.get(0);
    assertThat(c.invite()).isEmpty();
    c.cancel().respond(Messages.response(cancel, 481));
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(481);
  }

  @Test
  void cancel_forAnInviteFromAnotherSentBy_matchesNothing() {
    h.layer.receive(invite, udp);
    SipRequest other =
        Messages.request("INVITE", "z9hG4bK-cancel-1", "elsewhere.example.com:5060", 314159);

    h.layer.receive(TransactionRequests.cancel(other), udp);

    assertThat(h.user.cancels.get(0).invite()).isEmpty();
  }

  @Test
  void retransmittedCancel_getsTheLastResponse_andDoesNotReachTheTuAgain() {
    h.layer.receive(invite, udp);
    SipRequest cancel = TransactionRequests.cancel(invite);
    h.layer.receive(cancel, udp);
    h.user.cancels.get(0).cancel().respond(Messages.response(cancel, 200));

    h.layer.receive(cancel, udp);

    assertThat(h.user.cancels).hasSize(1);
    assertThat(udp.responses())
        .extracting(r -> r.statusCode() + " " + r.cseq().method())
        .containsExactly("100 INVITE", "200 CANCEL", "200 CANCEL");
  }
}
