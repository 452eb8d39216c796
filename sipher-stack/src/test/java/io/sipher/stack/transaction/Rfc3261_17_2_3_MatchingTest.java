package io.sipher.stack.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §17.1.3 and §17.2.3: matching responses to client transactions and requests to server
 * transactions, including the RFC 2543 fallback for branches without the magic cookie.
 */
class Rfc3261_17_2_3_MatchingTest {
  private final Harness h = new Harness();
  private final RecordingWire udp = h.udp();

  // ---- §17.1.3: responses -------------------------------------------------------------------

  @Test
  void response_matchesByBranchAndCSeqMethod() {
    RecordingListener listener = new RecordingListener();
    SipRequest invite = Messages.invite("z9hG4bK-match-1");
    h.layer.sendRequest(invite, udp, listener);

    // Same branch, but the CSeq method is CANCEL: the response of another transaction.
    SipResponse forCancel = Messages.response(TransactionRequests.cancel(invite), 200);
    h.layer.receive(forCancel, udp);
    assertThat(listener.responses).isEmpty();
    assertThat(h.user.strays).containsExactly(forCancel);

    h.layer.receive(Messages.response(invite, 180), udp);
    assertThat(listener.codes()).containsExactly(180);
  }

  @Test
  void response_withUnknownBranch_orNoBranch_isStray() {
    h.layer.sendRequest(Messages.invite("z9hG4bK-match-2"), udp, new RecordingListener());
    SipResponse other = Messages.response(Messages.invite("z9hG4bK-other"), 200);
    SipResponse noBranch =
        Messages.response(Messages.invite("x"), 200)
            .edit()
            .set(HeaderName.VIA, "SIP/2.0/UDP client.example.com:5060")
            .build();

    h.layer.receive(other, udp);
    h.layer.receive(noBranch, udp);

    assertThat(h.user.strays).containsExactly(other, noBranch);
  }

  // ---- §17.2.3: requests with an RFC 3261 branch --------------------------------------------

  @Test
  void sameBranch_differentSentBy_isANewTransaction() {
    h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-1", "a.example.com:5060", 1), udp);
    h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-1", "b.example.com:5060", 1), udp);

    assertThat(h.user.requests).hasSize(2);
    assertThat(h.layer.size()).isEqualTo(2);
  }

  @Test
  void sentBy_comparesHostsWithoutCase() {
    h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-1", "a.example.com:5060", 1), udp);
    h.layer.receive(Messages.request("OPTIONS", "z9hG4bK-1", "A.Example.COM:5060", 1), udp);

    assertThat(h.user.requests).hasSize(1);
  }

  @Test
  void sameBranch_differentMethod_isANewTransaction() {
    h.layer.receive(Messages.request("INVITE", "z9hG4bK-1"), udp);
    h.layer.receive(Messages.request("BYE", "z9hG4bK-1"), udp);

    assertThat(h.user.requests).hasSize(2);
  }

  @Test
  void ackForNonSuccess_matchesTheInviteByBranch_andIsAbsorbed() {
    SipRequest invite = Messages.invite("z9hG4bK-1");
    h.layer.receive(invite, udp);
    SipResponse busy = Messages.response(invite, 486);
    h.user.lastRequest().respond(busy);

    h.layer.receive(TransactionRequests.ack(invite, busy), udp);

    assertThat(h.user.acks).isEmpty();
    assertThat(((InviteServerTransaction) h.user.lastRequest()).state())
        .isEqualTo(InviteServerTransaction.State.CONFIRMED);
  }

  @Test
  void ackWithANewBranch_matchesNothing_andGoesToTheTu() {
    SipRequest invite = Messages.invite("z9hG4bK-1");
    h.layer.receive(invite, udp);
    h.user.lastRequest().respond(Messages.response(invite, 200));

    // §13.2.2.4: the ACK for a 2xx is a transaction of its own, with a new branch.
    SipRequest ack = Messages.request("ACK", "z9hG4bK-ack-2xx");
    h.layer.receive(ack, udp);

    assertThat(h.user.acks).hasSize(1);
    assertThat(h.user.acks.get(0).ack()).isSameAs(ack);
    assertThat(h.user.acks.get(0).invite()).isEmpty();
  }

  // ---- §17.2.3: the RFC 2543 fallback -------------------------------------------------------

  private static final String LEGACY_INVITE =
      """
      INVITE sip:bob@example.com SIP/2.0
      Via: SIP/2.0/UDP old.example.com:5060;branch=1234abcd
      To: Bob <sip:bob@example.com>
      From: Alice <sip:alice@example.com>;tag=ff00
      Call-ID: legacy-1@old.example.com
      CSeq: 7 INVITE
      Contact: <sip:alice@old.example.com>
      Content-Length: 0

      """;

  private SipRequest legacy(String text) {
    return (SipRequest) Messages.parse(text);
  }

  @Test
  void rfc2543_retransmission_matchesWhenEverythingIsEqual() {
    h.layer.receive(legacy(LEGACY_INVITE), udp);
    h.layer.receive(legacy(LEGACY_INVITE), udp);

    assertThat(h.user.requests).hasSize(1);
    assertThat(udp.responses()).extracting(SipResponse::statusCode).containsExactly(100, 100);
  }

  @Test
  void rfc2543_withoutAnyBranch_matchesToo() {
    String noBranch = LEGACY_INVITE.replace(";branch=1234abcd", "");
    h.layer.receive(legacy(noBranch), udp);
    h.layer.receive(legacy(noBranch), udp);

    assertThat(h.user.requests).hasSize(1);
  }

  @Test
  void rfc2543_anyDifference_makesANewTransaction() {
    h.layer.receive(legacy(LEGACY_INVITE), udp);
    h.layer.receive(legacy(LEGACY_INVITE.replace("tag=ff00", "tag=ff01")), udp);
    h.layer.receive(legacy(LEGACY_INVITE.replace("CSeq: 7", "CSeq: 8")), udp);
    h.layer.receive(legacy(LEGACY_INVITE.replace("legacy-1@", "legacy-2@")), udp);
    h.layer.receive(legacy(LEGACY_INVITE.replace("INVITE sip:bob@", "INVITE sip:carol@")), udp);
    h.layer.receive(legacy(LEGACY_INVITE.replace("old.example.com:5060", "new.example.com")), udp);
    h.layer.receive(
        legacy(
            LEGACY_INVITE.replace(
                "To: Bob <sip:bob@example.com>", "To: Bob <sip:bob@example.com>;tag=x")),
        udp);

    assertThat(h.user.requests).hasSize(7);
  }

  @Test
  void rfc2543_ackMatchesTheInvite_byTheToTagOfTheResponse() {
    SipRequest invite = legacy(LEGACY_INVITE);
    h.layer.receive(invite, udp);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.lastRequest();
    SipResponse busy = Messages.response(invite, 486, "resp-tag");
    tx.respond(busy);

    // An ACK with another To tag is not for this transaction.
    SipRequest wrongTag = TransactionRequests.ack(invite, Messages.response(invite, 486, "other"));
    h.layer.receive(wrongTag, udp);
    assertThat(h.user.acks).extracting(RecordingUser.Ack::ack).containsExactly(wrongTag);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.COMPLETED);

    h.layer.receive(TransactionRequests.ack(invite, busy), udp);
    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);
    assertThat(h.user.acks).hasSize(1);
  }

  @Test
  void rfc2543_ackForAReInviteInADialog_matches() {
    String reInvite =
        LEGACY_INVITE.replace(
            "To: Bob <sip:bob@example.com>", "To: Bob <sip:bob@example.com>;tag=dlg");
    SipRequest invite = legacy(reInvite);
    h.layer.receive(invite, udp);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.lastRequest();
    SipResponse busy = Messages.response(invite, 491, "dlg");
    tx.respond(busy);

    h.layer.receive(TransactionRequests.ack(invite, busy), udp);

    assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);
    assertThat(h.user.acks).isEmpty();
  }

  @Test
  void rfc2543_cancelMatchesTheInvite() {
    SipRequest invite = legacy(LEGACY_INVITE);
    h.layer.receive(invite, udp);
    InviteServerTransaction tx = (InviteServerTransaction) h.user.lastRequest();

    h.layer.receive(TransactionRequests.cancel(invite), udp);

    assertThat(h.user.cancels).hasSize(1);
    assertThat(h.user.cancels.get(0).invite()).containsSame(tx);
  }
}
