package io.sipher.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sipher.message.uri.SipUri;
import io.sipher.stack.transport.Flow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 3261 §10.2 registration with digest (§22), as an RFC 5626 outbound registration over TLS,
 * against a real sipher registrar.
 */
class Rfc3261_10_2_RegistrationTest {
  @TempDir Path dir;
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static final String AOR = "sips:alice@example.com";

  @Test
  void register_answersTheChallenge_andTheRegistrarHoldsAnOutboundBinding() throws Exception {
    UserAgent alice = server.agent("alice");

    Registration r = alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(r.state()).isEqualTo(Registration.State.REGISTERED);
    assertThat(r.expires()).isPositive();
    assertThat(r.outbound()).isTrue(); // RFC 5626 §6: Require: outbound in the 2xx
    var bindings = server.location.lookup(AOR.replace("sips:", "sip:"), b -> true);
    assertThat(bindings).hasSize(1);
    assertThat(bindings.get(0).instanceId()).isEqualTo(alice.config().instanceId());
    assertThat(bindings.get(0).regId()).isEqualTo(1);
  }

  @Test
  void section22_wrongPassword_failsWithTheRegistrarsAnswer() {
    UserAgent alice =
        server.agent(
            UaConfig.builder(SipUri.parse(AOR), server.address())
                .password("not-it")
                .transport(server.trusting));

    assertThatThrownBy(() -> alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(RequestFailedException.class)
        .satisfies(e -> assertThat(((RequestFailedException) e).statusCode()).isIn(401, 403));
    assertThat(alice.registration().orElseThrow().state()).isEqualTo(Registration.State.FAILED);
  }

  @Test
  void section10_2_2_unregister_removesTheBinding() throws Exception {
    UserAgent alice = server.agent("alice");
    Registration r = alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS);

    r.unregister().get(10, TimeUnit.SECONDS);

    assertThat(r.state()).isEqualTo(Registration.State.UNREGISTERED);
    assertThat(server.location.lookup("sip:alice@example.com", b -> true)).isEmpty();
  }

  @Test
  void rfc5626_4_4_keepAlivesAreAnswered_andAFailedFlowIsReplacedByANewRegistration()
      throws Exception {
    UserAgent alice =
        server.agent(
            UaConfig.builder(SipUri.parse(AOR), server.address())
                .password(TestServer.password("alice"))
                .transport(server.trusting)
                .keepAliveInterval(Duration.ofMillis(200)));
    Registration r = alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Flow first = r.flow();

    // Several keep-alive rounds, each answered, on the same flow.
    await().atMost(Duration.ofSeconds(10)).until(() -> r.keepAlivesAnswered() >= 3);
    assertThat(r.flow()).isSameAs(first);
    assertThat(r.state()).isEqualTo(Registration.State.REGISTERED);

    // The server loses the connection (a NAT rebinding, a restart): §4.5 registers again.
    server
        .stack
        .transport()
        .flow(server.location.lookup("sip:alice@example.com", b -> true).get(0).flowToken())
        .orElseThrow()
        .close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> r.state() == Registration.State.REGISTERED && r.flow() != first);
    assertThat(r.flow().isOpen()).isTrue();
  }

  @Test
  void rfc5626_4_2_twoFlowsForOneInstance_callsTakeOne_andStillArriveWhenItFails()
      throws Exception {
    UserAgent alice = server.agent("alice");
    UserAgent bob = server.agent("bob");
    Registration first = alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Registration second = alice.register().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(first.regId()).isEqualTo(1);
    assertThat(second.regId()).isEqualTo(2);
    assertThat(second.flow()).isNotSameAs(first.flow()); // a connection of its own
    var bindings = server.location.lookup("sip:alice@example.com", b -> true);
    assertThat(bindings).extracting(b -> b.regId()).containsExactlyInAnyOrder(1, 2);

    java.util.concurrent.BlockingQueue<Call> calls =
        new java.util.concurrent.LinkedBlockingQueue<>();
    alice.onIncomingCall(calls::add);
    Call out = bob.call(SipUri.parse(AOR), new FixedMedia());
    Call in = calls.poll(10, TimeUnit.SECONDS);
    assertThat(in).isNotNull();
    in.answer(new FixedMedia());
    out.established().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // §5.3: one instance, one delivery, not one per flow.
    assertThat(calls.poll(1, TimeUnit.SECONDS)).isNull();
    out.hangUp();
    in.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);

    // The server loses one flow; the UA replaces it (§4.5) and calls keep arriving.
    Flow lost = server.stack.transport().flow(bindings.get(0).flowToken()).orElseThrow();
    lost.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                alice.registrations().stream()
                    .allMatch(
                        r ->
                            r.state() == Registration.State.REGISTERED
                                && r.flow() != null
                                && r.flow().isOpen()));
    Call again = bob.call(SipUri.parse(AOR), new FixedMedia());
    Call in2 = calls.poll(10, TimeUnit.SECONDS);
    assertThat(in2)
        .as("a call after the flow was replaced; the caller saw " + again.endCode())
        .isNotNull();
    in2.reject(486, null);
    again.ended().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(again.endCode()).isEqualTo(486);
  }
}
