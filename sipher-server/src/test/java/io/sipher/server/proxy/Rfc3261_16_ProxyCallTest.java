package io.sipher.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import io.sipher.message.uri.SipUri;
import io.sipher.server.proxy.ProxyFixture.Phone;
import io.sipher.stack.transaction.InviteClientTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls through the proxy between phones that registered over TLS and have no listener of their own
 * (RFC 5626 §5.3: requests reach them over their flow only): §16.6 forwarding, §16.7 response
 * processing, Record-Route and in-dialog routing (§16.4, §16.12, RFC 5658), forking and CANCEL
 * (§16.10).
 */
class Rfc3261_16_ProxyCallTest {
  @TempDir Path dir;
  ProxyFixture f;

  @BeforeEach
  void start() {
    f = new ProxyFixture(dir, ProxyFixture.trusting());
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private static SipResponse await(CompletableFuture<SipResponse> r) throws Exception {
    return r.get(10, TimeUnit.SECONDS);
  }

  /**
   * An in-dialog request from the caller: route set from the 2xx Record-Route, reversed (§12.1.2).
   */
  private static SipRequest inDialog(
      String method, SipRequest invite, SipResponse ok, Phone caller, int cseq, String branch) {
    List<Address> rr = new ArrayList<>(ok.recordRoutes());
    java.util.Collections.reverse(rr);
    SipRequest.Editor e =
        SipRequest.create(method, ok.contacts().get(0).address().uri())
            .add(
                HeaderName.VIA,
                "SIP/2.0/TLS 127.0.0.1:" + caller.port() + ";branch=z9hG4bK-" + branch + ";rport");
    rr.forEach(a -> e.add(HeaderName.ROUTE, a.toString()));
    return e.add(HeaderName.MAX_FORWARDS, "70")
        .add(HeaderName.FROM, invite.headers().firstValue(HeaderName.FROM))
        .add(HeaderName.TO, ok.headers().firstValue(HeaderName.TO))
        .add(HeaderName.CALL_ID, invite.callId())
        .add(HeaderName.CSEQ, cseq + " " + method)
        .build();
  }

  @Test
  void rfc3261_16_6_inviteReachesTheCalleeOverItsFlowWithRecordRouteAndBothWaysBack()
      throws Exception {
    Phone alice = f.natPhone("alice");
    Phone bob = f.natPhone("bob");
    assertThat(alice.register(Transport.TLS).statusCode()).isEqualTo(200);
    assertThat(bob.register(Transport.TLS).statusCode()).isEqualTo(200);

    SipRequest invite = alice.invite("sips:bob@example.com", "call-1@alice", 70);
    BlockingQueue<SipResponse> responses = new LinkedBlockingQueue<>();
    CompletableFuture<SipResponse> fin = alice.send(invite, Transport.TLS, responses);

    ServerTransaction atBob = bob.nextRequest();
    SipRequest got = atBob.request();
    // §16.6 step 2, 3, 8: retargeted to the contact, Max-Forwards decremented, our Via on top.
    assertThat(got.requestUriText()).startsWith("sips:bob@127.0.0.1:" + bob.port());
    assertThat(got.maxForwards()).isEqualTo(69);
    assertThat(got.vias()).hasSize(2);
    assertThat(got.topVia().transport()).isEqualTo("TLS");
    assertThat(got.topVia().branch()).startsWith("z9hG4bK");
    // §16.6 step 4 and RFC 5626 §5.3: sips, lr, one entry per side with its flow token.
    List<Address> rr = got.recordRoutes();
    assertThat(rr).hasSize(2);
    for (Address a : rr) {
      SipUri u = a.sipUri();
      assertThat(u.isSecure()).isTrue();
      assertThat(u.isLooseRouter()).isTrue();
      assertThat(u.user()).isNotNull();
    }

    atBob.respond(bob.answer(got, 180));
    atBob.respond(bob.answer(got, 200));
    SipResponse ok = await(fin);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.vias()).hasSize(1); // §16.7 step 3: our Via removed
    SipResponse first = responses.poll(10, TimeUnit.SECONDS);
    while (first != null && first.statusCode() == 100) {
      first = responses.poll(10, TimeUnit.SECONDS);
    }
    assertThat(first.statusCode()).isEqualTo(180);

    // ACK for the 2xx: its own transaction, routed by the Record-Route (§16.11, §16.12).
    SipRequest ack = inDialog("ACK", invite, ok, alice, 1, "ack1");
    alice
        .stack
        .transport()
        .send(ack, f.proxy(Transport.TLS))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    SipRequest ackAtBob = bob.acks.poll(10, TimeUnit.SECONDS);
    assertThat(ackAtBob).isNotNull();
    assertThat(ackAtBob.routes()).isEmpty(); // both of our entries removed (RFC 5658)
    assertThat(ackAtBob.maxForwards()).isEqualTo(69);

    // BYE from the caller goes over bob's flow.
    SipRequest bye = inDialog("BYE", invite, ok, alice, 2, "bye1");
    CompletableFuture<SipResponse> byeDone = alice.send(bye, Transport.TLS);
    ServerTransaction byeAtBob = bob.nextRequest();
    assertThat(byeAtBob.request().method()).isEqualTo("BYE");
    assertThat(byeAtBob.request().routes()).isEmpty();
    byeAtBob.respond(bob.answer(byeAtBob.request(), 200));
    assertThat(await(byeDone).statusCode()).isEqualTo(200);
  }

  @Test
  void rfc3261_16_12_theCalleeHangsUpAlongTheRecordRouteToTheCallersFlow() throws Exception {
    Phone alice = f.natPhone("alice");
    Phone bob = f.natPhone("bob");
    assertThat(alice.register(Transport.TLS).statusCode()).isEqualTo(200);
    assertThat(bob.register(Transport.TLS).statusCode()).isEqualTo(200);
    SipRequest invite = alice.invite("sips:bob@example.com", "call-2@alice", 70);
    CompletableFuture<SipResponse> fin = alice.send(invite, Transport.TLS);
    ServerTransaction atBob = bob.nextRequest();
    SipRequest got = atBob.request();
    SipResponse answer = bob.answer(got, 200);
    atBob.respond(answer);
    SipResponse ok = await(fin);
    assertThat(ok.statusCode()).isEqualTo(200);

    // §12.1.1: the callee's route set is the Record-Route of the INVITE, in order; its remote
    // target the caller's Contact. The BYE travels it back to alice, who has no listener.
    SipRequest.Editor e =
        SipRequest.create("BYE", invite.contacts().get(0).address().uri())
            .add(
                HeaderName.VIA,
                "SIP/2.0/TLS 127.0.0.1:" + bob.port() + ";branch=z9hG4bK-calleebye;rport");
    got.recordRoutes().forEach(a -> e.add(HeaderName.ROUTE, a.toString()));
    SipRequest bye =
        e.add(HeaderName.MAX_FORWARDS, "70")
            .add(HeaderName.FROM, answer.headers().firstValue(HeaderName.TO))
            .add(HeaderName.TO, invite.headers().firstValue(HeaderName.FROM))
            .add(HeaderName.CALL_ID, invite.callId())
            .add(HeaderName.CSEQ, "1 BYE")
            .build();
    CompletableFuture<SipResponse> byeDone = bob.send(bye, Transport.TLS);
    ServerTransaction byeAtAlice = alice.nextRequest();
    assertThat(byeAtAlice.request().method()).isEqualTo("BYE");
    assertThat(byeAtAlice.request().routes()).isEmpty();
    byeAtAlice.respond(alice.answer(byeAtAlice.request(), 200));
    assertThat(await(byeDone).statusCode()).isEqualTo(200);
  }

  @Test
  void rfc3261_16_7_forkedInviteCancelsTheOtherBranchOnTheFirst2xx() throws Exception {
    Phone alice = f.natPhone("alice");
    Phone desk = f.natPhone("bob");
    Phone mobile = f.natPhone("bob");
    alice.register(Transport.TLS);
    desk.register(Transport.TLS);
    mobile.register(Transport.TLS);
    assertThat(f.location.lookup("sip:bob@example.com", t -> true)).hasSize(2);

    BlockingQueue<SipResponse> all = new LinkedBlockingQueue<>();
    CompletableFuture<SipResponse> fin =
        alice.send(alice.invite("sips:bob@example.com", "call-fork@alice", 70), Transport.TLS, all);
    ServerTransaction atDesk = desk.nextRequest();
    ServerTransaction atMobile = mobile.nextRequest();
    // RFC 5630 §3.1.3: a sips: dialog is record-routed with sips: URIs only.
    assertThat(atDesk.request().recordRoutes()).isNotEmpty().allMatch(a -> a.sipUri().isSecure());
    atDesk.respond(desk.answer(atDesk.request(), 180));
    atMobile.respond(mobile.answer(atMobile.request(), 180));
    atDesk.respond(desk.answer(atDesk.request(), 200));

    SipResponse ok = await(fin);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.to().tag()).isEqualTo(desk.tag);
    // §16.7 step 10: the mobile's branch is cancelled; its UAS answers the INVITE with 487.
    SipRequest cancel = mobile.cancels.poll(10, TimeUnit.SECONDS);
    assertThat(cancel).isNotNull();
    assertThat(cancel.method()).isEqualTo("CANCEL");
    // The losing phone's 487 (sent by ProxyFixture.Phone.onCancel) ends its branch; the context is
    // done once it has arrived.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> f.core.proxy().orElseThrow().pendingInvites() == 0);
    // §16.7 step 5 and 6: the caller saw exactly one final response, the 2xx (no 487 after it).
    assertThat(all.stream().filter(r -> r.statusCode() >= 200).map(SipResponse::statusCode))
        .containsExactly(200);
  }

  @Test
  void rfc3261_16_10_cancelFromTheCallerReachesTheCalleeAndGives487() throws Exception {
    Phone alice = f.natPhone("alice");
    Phone bob = f.natPhone("bob");
    alice.register(Transport.TLS);
    bob.register(Transport.TLS);

    BlockingQueue<SipResponse> responses = new LinkedBlockingQueue<>();
    CompletableFuture<SipResponse> fin =
        alice.send(
            alice.invite("sips:bob@example.com", "call-cancel@alice", 70),
            Transport.TLS,
            responses);
    InviteClientTransaction inviteTx = (InviteClientTransaction) alice.lastTx;
    ServerTransaction atBob = bob.nextRequest();
    atBob.respond(bob.answer(atBob.request(), 180));
    // Wait for the ringing to reach the caller, then hang up.
    SipResponse r;
    do {
      r = responses.poll(10, TimeUnit.SECONDS);
    } while (r != null && r.statusCode() != 180);
    assertThat(r).isNotNull();

    CompletableFuture<SipResponse> cancelDone = new CompletableFuture<>();
    inviteTx.cancel(
        new io.sipher.stack.transaction.ClientTransactionListener() {
          @Override
          public void onResponse(
              io.sipher.stack.transaction.ClientTransaction tx, SipResponse response) {
            cancelDone.complete(response);
          }

          @Override
          public void onTimeout(io.sipher.stack.transaction.ClientTransaction tx) {}

          @Override
          public void onTransportError(
              io.sipher.stack.transaction.ClientTransaction tx, Throwable cause) {}
        });
    assertThat(await(cancelDone).statusCode()).isEqualTo(200);
    assertThat(bob.cancels.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(await(fin).statusCode()).isEqualTo(487);
  }

  /** A registration over a bare UDP socket: a callee that will never answer anything. */
  private static void registerSilently(ProxyFixture f, java.net.DatagramSocket socket, String user)
      throws Exception {
    java.net.InetSocketAddress proxy = f.proxy(Transport.UDP).address();
    String authorization = null;
    for (int cseq = 1; cseq <= 2; cseq++) {
      String text =
          "REGISTER sip:example.com SIP/2.0\n"
              + "Via: SIP/2.0/UDP 127.0.0.1:"
              + socket.getLocalPort()
              + ";branch=z9hG4bK-silent"
              + cseq
              + ";rport\n"
              + "Max-Forwards: 70\n"
              + "From: <sip:"
              + user
              + "@example.com>;tag=s1\n"
              + "To: <sip:"
              + user
              + "@example.com>\n"
              + "Call-ID: silent@"
              + user
              + "\n"
              + "CSeq: "
              + cseq
              + " REGISTER\n"
              + "Contact: <sip:"
              + user
              + "@127.0.0.1:"
              + socket.getLocalPort()
              + ">\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\n")
              + "Content-Length: 0\n\n";
      SipRequest r = ProxyFixture.parse(text);
      byte[] out = r.toByteArray();
      socket.send(new java.net.DatagramPacket(out, out.length, proxy));
      byte[] in = new byte[65535];
      java.net.DatagramPacket got = new java.net.DatagramPacket(in, in.length);
      socket.receive(got);
      SipResponse response =
          (SipResponse)
              ((io.sipher.message.ParseResult.Parsed)
                      new io.sipher.message.SipParser()
                          .parseDatagram(java.util.Arrays.copyOf(in, got.getLength())))
                  .message();
      if (response.statusCode() == 200) {
        return;
      }
      authorization =
          new io.sipher.server.auth.TestUa(user, ProxyFixture.password(user))
              .answer(io.sipher.server.auth.TestUa.challenges(response).get(0), r);
    }
    throw new AssertionError("silent phone did not register");
  }

  @Test
  void rfc3261_16_8_timerCWithoutAnyProvisionalGives408() throws Exception {
    f.close();
    f =
        new ProxyFixture(
            dir.resolve("timer-c"),
            ProxyFixture.bestEffortTrusting()
                .withProxy(ProxyConfig.DEFAULTS.withTimerC(java.time.Duration.ofMillis(300))));
    Phone alice = f.natPhone("alice");
    try (java.net.DatagramSocket silent =
        new java.net.DatagramSocket(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0))) {
      silent.setSoTimeout(10_000);
      registerSilently(f, silent, "bob");
      CompletableFuture<SipResponse> fin =
          alice.send(alice.invite("sip:bob@example.com", "call-c@alice", 70), Transport.TLS);
      // §16.8: no provisional response at all: the branch ends as if it had answered 408.
      assertThat(await(fin).statusCode()).isEqualTo(408);
      assertThat(f.core.proxy().orElseThrow().pendingInvites()).isZero();
    }
  }

  @Test
  void rfc3261_16_8_timerCCancelsABranchThatNeverAnswers() throws Exception {
    f.close();
    f =
        new ProxyFixture(
            dir.resolve("timer-c"),
            ProxyFixture.trusting()
                .withProxy(ProxyConfig.DEFAULTS.withTimerC(java.time.Duration.ofMillis(300))));
    Phone alice = f.natPhone("alice");
    Phone bob = f.natPhone("bob");
    alice.register(Transport.TLS);
    bob.register(Transport.TLS);
    CompletableFuture<SipResponse> fin =
        alice.send(alice.invite("sips:bob@example.com", "call-c@alice", 70), Transport.TLS);
    bob.nextRequest(); // bob's stack sent 100 Trying and nothing more
    // §16.8: the branch had a provisional response, so Timer C cancels it; bob answers 487.
    assertThat(bob.cancels.poll(10, TimeUnit.SECONDS)).isNotNull();
    assertThat(await(fin).statusCode()).isEqualTo(487);
  }
}
