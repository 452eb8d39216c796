package io.sipher.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.TestCa;
import io.sipher.server.auth.AuthConfig;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.Users;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.MemoryBindingStore;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transport.ClientAuth;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user bound to a client-certificate identity ({@code sipher user add --cert-identity}) registers
 * over mutual TLS without a digest round (RFC 5922 §5: the TLS client proves its identity); a
 * certificate naming someone else proves nothing for this user, who is then challenged as usual.
 */
class CertificateIdentityTest {
  @TempDir Path dir;

  @Test
  void aBoundCertificateAuthenticatesAndAnotherOneDoesNot() throws Exception {
    TestCa ca = TestCa.create(dir);
    CertificateVerifier trust =
        new CertificateVerifier(List.of(ca.ca.certificate()), List.of(), Clock.systemUTC());
    LocationService location = new LocationService(new MemoryBindingStore(), Clock.systemUTC());
    ServerConfig config = ServerConfig.forDomain("example.com");
    ServerCore core =
        new ServerCore(
            config,
            new DigestAuthenticator(
                AuthConfig.DEFAULTS,
                Users.of("alice", "example.com", "correct horse"),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(location, RegistrarConfig.DEFAULTS, Clock.systemUTC()));
    core.identifyUsersByCertificate(
        id -> id.equals("sip:alice@example.com") ? Optional.of("alice") : Optional.empty());
    KeyMaterial aliceCert = ca.client("alice@example.com");
    KeyMaterial malloryCert = ca.client("mallory@example.com");
    TransportConfig base = TransportConfig.DEFAULTS.withTrust(() -> trust);
    try (SipStack server =
            SipStack.start(
                base,
                List.of(
                    ListenerConfig.secure(
                        Transport.TLS,
                        new InetSocketAddress("127.0.0.1", 0),
                        TlsServerConfig.of(ca.server("example.com"))
                            .withClientAuth(ClientAuth.OPTIONAL))),
                TransactionConfig.DEFAULTS,
                core);
        SipStack alice =
            SipStack.start(
                base.withClientMaterial(() -> aliceCert),
                List.of(),
                TransactionConfig.DEFAULTS,
                core);
        SipStack mallory =
            SipStack.start(
                base.withClientMaterial(() -> malloryCert),
                List.of(),
                TransactionConfig.DEFAULTS,
                core)) {
      core.attach(server);
      Destination d =
          new Destination(
              Transport.TLS,
              server.transport().listener(Transport.TLS).orElseThrow().address(),
              "example.com");
      assertThat(send(alice, register("a"), d).statusCode()).isEqualTo(200);
      assertThat(location.lookup("sip:alice@example.com", t -> true)).hasSize(1);
      // Mallory's certificate is valid, but it is not alice's: digest it is.
      assertThat(send(mallory, register("m"), d).statusCode()).isEqualTo(401);
    }
  }

  private static SipRequest register(String branch) {
    String text =
        "REGISTER sips:example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bK-cert"
            + branch
            + ";rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sips:alice@example.com>;tag="
            + branch
            + "\r\n"
            + "To: <sips:alice@example.com>\r\n"
            + "Call-ID: cert-"
            + branch
            + "@phone\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "Contact: <sips:alice@phone.invalid;transport=tls>\r\n"
            + "Content-Length: 0\r\n\r\n";
    return (SipRequest)
        ((ParseResult.Parsed) new SipParser().parseDatagram(text.getBytes(StandardCharsets.UTF_8)))
            .message();
  }

  private static SipResponse send(SipStack phone, SipRequest r, Destination d) throws Exception {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    phone.sendRequest(r, d, ClientTransactionListener.completing(done));
    return done.get(10, TimeUnit.SECONDS);
  }
}
