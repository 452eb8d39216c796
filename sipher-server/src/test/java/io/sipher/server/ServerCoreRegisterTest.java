package io.sipher.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.testing.Wire;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.TestCa;
import io.sipher.server.auth.AuthConfig;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.TestUa;
import io.sipher.server.auth.Users;
import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.MemoryBindingStore;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server core on real sockets: a phone registers over TLS with digest authentication (RFC 3261
 * §10 and §22), its binding records the flow it came on (RFC 5626), and the domain's {@code
 * tls-only} policy refuses plain transports with a response that says why.
 */
class ServerCoreRegisterTest {
  @TempDir Path dir;
  TestCa ca;
  MemoryBindingStore bindings;
  LocationService location;
  SipStack server;
  SipStack phone;
  final AtomicInteger branch = new AtomicInteger();

  @BeforeEach
  void start() {
    ca = TestCa.create(dir);
    CertificateVerifier trust =
        new CertificateVerifier(List.of(ca.ca.certificate()), List.of(), Clock.systemUTC());
    TransportConfig config = TransportConfig.DEFAULTS.withTrust(() -> trust);
    bindings = new MemoryBindingStore();
    location = new LocationService(bindings, Clock.systemUTC());
    ServerCore core =
        new ServerCore(
            ServerConfig.forDomain("example.com"),
            new DigestAuthenticator(
                AuthConfig.DEFAULTS,
                Users.of("alice", "example.com", "correct horse"),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(location, RegistrarConfig.DEFAULTS, Clock.systemUTC()));
    server =
        SipStack.start(
            config,
            List.of(
                ListenerConfig.secure(
                    Transport.TLS,
                    new InetSocketAddress("127.0.0.1", 0),
                    TlsServerConfig.of(ca.server("example.com"))),
                ListenerConfig.plain(Transport.UDP, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core);
    core.attach(server); // as in production: the proxy sees every request
    phone =
        SipStack.start(
            config,
            List.of(ListenerConfig.plain(Transport.UDP, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core);
  }

  @AfterEach
  void stop() {
    phone.close();
    server.close();
  }

  private Destination at(Transport t) {
    return new Destination(
        t, server.transport().listener(t).orElseThrow().address(), "example.com");
  }

  private SipRequest register(Transport t, int cseq, String authorization) {
    return register(t, cseq, authorization, null);
  }

  private SipRequest register(Transport t, int cseq, String authorization, String route) {
    int port = phone.transport().listener(Transport.UDP).orElseThrow().address().getPort();
    String text =
        "REGISTER sips:example.com SIP/2.0\n"
            + "Via: SIP/2.0/"
            + t.viaName()
            + " 127.0.0.1:"
            + port
            + ";branch=z9hG4bK-reg"
            + branch.incrementAndGet()
            + ";rport\n"
            + "Max-Forwards: 70\n"
            + (route == null ? "" : "Route: " + route + "\n")
            + "From: <sips:alice@example.com>;tag=ph1\n"
            + "To: <sips:alice@example.com>\n"
            + "Call-ID: reg-1@phone\n"
            + "CSeq: "
            + cseq
            + " REGISTER\n"
            + "Supported: outbound, path\n"
            + "Contact: <sips:alice@127.0.0.1:"
            + port
            + ";ob>;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-00AA00BB00CC>\";reg-id=1\n"
            + (authorization == null ? "" : "Authorization: " + authorization + "\n")
            + "Content-Length: 0\n\n";
    if (t != Transport.TLS) {
      text = text.replace("sips:", "sip:");
    }
    return Wire.request(text);
  }

  private SipResponse send(SipRequest r, Destination d) throws Exception {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    phone.sendRequest(r, d, ClientTransactionListener.completing(done));
    return done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void rfc3261_22_registerOverTlsWithDigestRecordsTheFlow() throws Exception {
    SipRequest first = register(Transport.TLS, 1, null);
    SipResponse challenge = send(first, at(Transport.TLS));
    assertThat(challenge.statusCode()).isEqualTo(401);
    List<io.sipher.message.header.Challenge> offered = TestUa.challenges(challenge);
    assertThat(offered)
        .extracting(c -> c.algorithm())
        .containsExactly("SHA-256", "SHA-512-256", "MD5");

    TestUa ua = new TestUa("alice", "correct horse");
    SipRequest second = register(Transport.TLS, 2, null);
    String credentials = ua.answer(offered.get(0), second);
    SipResponse ok = send(register(Transport.TLS, 2, credentials), at(Transport.TLS));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue(HeaderName.REQUIRE)).isEqualTo("outbound");
    assertThat(ok.headers().contains(HeaderName.AUTHENTICATION_INFO)).isTrue();

    List<Binding> live =
        location.lookup("sip:alice@example.com", t -> server.transport().flow(t).isPresent());
    assertThat(live).hasSize(1);
    assertThat(live.get(0).transport()).isEqualTo("TLS");
    assertThat(server.transport().flow(live.get(0).flowToken())).isPresent();
  }

  @Test
  void wrongPasswordIsChallengedAgain() throws Exception {
    SipResponse challenge = send(register(Transport.TLS, 1, null), at(Transport.TLS));
    TestUa wrong = new TestUa("alice", "battery staple");
    SipRequest again = register(Transport.TLS, 2, null);
    SipResponse r =
        send(
            register(Transport.TLS, 2, wrong.answer(TestUa.challenges(challenge).get(0), again)),
            at(Transport.TLS));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(location.all()).isEmpty();
  }

  @Test
  void tlsOnlyDomainRefusesRegisterOverUdpSayingWhy() throws Exception {
    SipResponse r = send(register(Transport.UDP, 1, null), at(Transport.UDP));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.reasonPhrase()).contains("TLS only");
  }

  private int tlsPort() {
    return server.transport().listener(Transport.TLS).orElseThrow().address().getPort();
  }

  @Test
  void rfc3261_16_4_registerWithOurOutboundProxyRouteIsHandledLocally() throws Exception {
    // A phone with an outbound proxy (baresip, RFC 5626 §4.2.1) preloads our address with ob.
    String route = "<sips:127.0.0.1:" + tlsPort() + ";lr;ob>";
    SipResponse challenge = send(register(Transport.TLS, 1, null, route), at(Transport.TLS));
    assertThat(challenge.statusCode()).isEqualTo(401);
    TestUa ua = new TestUa("alice", "correct horse");
    SipRequest second = register(Transport.TLS, 2, null, route);
    String credentials = ua.answer(TestUa.challenges(challenge).get(0), second);
    SipResponse ok = send(register(Transport.TLS, 2, credentials, route), at(Transport.TLS));
    assertThat(ok.statusCode()).isEqualTo(200);
    // RFC 5626 §6: directly connected (no Path), so the binding is an outbound one on the flow.
    assertThat(ok.headers().firstValue(HeaderName.REQUIRE)).isEqualTo("outbound");
    assertThat(location.all()).hasSize(1);
  }

  @Test
  void rfc3261_16_4_registerWithTheDomainAsRouteIsHandledLocally() throws Exception {
    SipResponse r =
        send(register(Transport.TLS, 1, null, "<sips:example.com;lr>"), at(Transport.TLS));
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void rfc3261_8_2_2_3_optionsWithUnknownRequireGets420WithUnsupported() throws Exception {
    String text =
        "OPTIONS sips:example.com SIP/2.0\n"
            + "Via: SIP/2.0/TLS 127.0.0.1:5099;branch=z9hG4bK-opt"
            + branch.incrementAndGet()
            + ";rport\n"
            + "Max-Forwards: 70\n"
            + "From: <sips:alice@example.com>;tag=o1\n"
            + "To: <sips:example.com>\n"
            + "Call-ID: opt-1@phone\n"
            + "CSeq: 1 OPTIONS\n"
            + "Require: foo\n"
            + "Content-Length: 0\n\n";
    byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    SipRequest options =
        (SipRequest) ((ParseResult.Parsed) new SipParser().parseDatagram(b)).message();
    SipResponse r = send(options, at(Transport.TLS));
    assertThat(r.statusCode()).isEqualTo(420);
    assertThat(r.headers().firstValue(HeaderName.UNSUPPORTED)).isEqualTo("foo");
  }
}
