package io.sipher.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sipher.message.SipResponse;
import io.sipher.message.uri.SipUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two user agents behind "NAT" (no listener: reached over the TLS flow they registered on, RFC
 * 5626) call each other through a real sipher proxy: INVITE sessions (RFC 3261 §13), their dialogs
 * (§12), CANCEL (§9) and BYE (§15), with every request challenged (§22).
 */
class Rfc3261_13_CallTest {
  @TempDir Path dir;
  private TestServer server;
  private UserAgent alice;
  private UserAgent bob;
  private final BlockingQueue<Call> bobsCalls = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(dir);
    alice = server.agent("alice");
    bob = server.agent("bob");
    alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS);
    bob.register().toCompletableFuture().get(10, TimeUnit.SECONDS);
    bob.onIncomingCall(bobsCalls::add);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Call incoming() throws InterruptedException {
    Call c = bobsCalls.poll(10, TimeUnit.SECONDS);
    assertThat(c).as("bob's incoming call").isNotNull();
    return c;
  }

  @Test
  void section13_callAnsweredAndHungUpByTheCaller() throws Exception {
    FixedMedia aliceMedia = new FixedMedia();
    FixedMedia bobMedia = new FixedMedia();
    Call out = alice.call(SipUri.parse("sips:bob@example.com"), aliceMedia);
    Call in = incoming();
    assertThat(in.direction()).isEqualTo(Call.Direction.INCOMING);
    assertThat(in.remoteParty().uri().toString()).isEqualTo("sips:alice@example.com");
    assertThat(in.secure()).isTrue(); // sips all the way: §26.2.2

    in.ring();
    await().atMost(Duration.ofSeconds(10)).until(() -> out.state() == Call.State.RINGING);
    in.answer(bobMedia);

    out.established().toCompletableFuture().get(10, TimeUnit.SECONDS);
    in.established().toCompletableFuture().get(10, TimeUnit.SECONDS); // the ACK arrived
    assertThat(bobMedia.remote).contains("m=audio 40000"); // RFC 3264: offer in the INVITE
    assertThat(aliceMedia.remote).contains("m=audio 40000"); // and the answer in the 2xx
    assertThat(aliceMedia.started).isTrue();
    assertThat(bobMedia.started).isTrue();

    out.hangUp();

    in.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(in.endCode()).isEqualTo(200);
    assertThat(in.endReason()).isEqualTo("the other side hung up");
    assertThat(out.state()).isEqualTo(Call.State.ENDED);
    assertThat(bobMedia.closed).isTrue();
    assertThat(aliceMedia.closed).isTrue();
  }

  @Test
  void section15_calleeHangsUp() throws Exception {
    Call out = alice.call(SipUri.parse("sips:bob@example.com"), new FixedMedia());
    Call in = incoming();
    in.answer(new FixedMedia());
    out.established().toCompletableFuture().get(10, TimeUnit.SECONDS);
    in.established().toCompletableFuture().get(10, TimeUnit.SECONDS);

    in.hangUp(); // a BYE from the callee travels the dialog's route set back to alice's flow

    out.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(out.endReason()).isEqualTo("the other side hung up");
  }

  @Test
  void section13_3_1_rejectedCall_endsWithTheCalleesCode() throws Exception {
    Call out = alice.call(SipUri.parse("sips:bob@example.com"), new FixedMedia());
    incoming().reject(486, null);

    out.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(out.endCode()).isEqualTo(486);
    assertThat(out.established().toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void section9_callerCancelsWhileItRings() throws Exception {
    Call out = alice.call(SipUri.parse("sips:bob@example.com"), new FixedMedia());
    Call in = incoming();
    in.ring();
    await().atMost(Duration.ofSeconds(10)).until(() -> out.state() == Call.State.RINGING);

    out.hangUp();

    in.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(in.endCode()).isEqualTo(487);
    assertThat(out.endCode()).isEqualTo(487);
  }

  @Test
  void callToNobody_endsWith480() throws Exception {
    Call out = alice.call(SipUri.parse("sips:carol@example.com"), new FixedMedia());

    out.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(out.endCode()).isIn(404, 480);
  }

  @Test
  void rfc3428_messageReachesTheOtherUa() throws Exception {
    CompletableFuture<ReceivedMessage> got = new CompletableFuture<>();
    bob.onMessage(got::complete);

    SipResponse r =
        alice
            .message(SipUri.parse("sips:bob@example.com"), "hello, bob")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(r.statusCode()).isEqualTo(200);
    ReceivedMessage m = got.get(10, TimeUnit.SECONDS);
    assertThat(m.text()).isEqualTo("hello, bob");
    assertThat(m.from().uri().toString()).isEqualTo("sips:alice@example.com");
  }

  @Test
  void section11_optionsToTheOtherUa() throws Exception {
    SipResponse r =
        alice
            .options(SipUri.parse("sips:bob@example.com"))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().first(io.sipher.message.header.HeaderName.ALLOW).value())
        .contains("INVITE");
  }
}
