package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.pki.KeyMaterial;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5922 over real TLS connections: a server must prove the SIP domain we meant to reach (§7.3,
 * never an IP address), its chain must lead to a trust anchor, mutual TLS works per listener mode,
 * SNI picks the certificate per domain (RFC 6066 §3), and new key material serves new handshakes
 * without dropping established connections.
 */
class Rfc5922_TlsPeerVerificationTest {
  @TempDir Path dir;

  private static Flow connect(Node from, Destination d) throws Exception {
    return from.layer.connect(d).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void section7_3_serverMustProveTheTargetDomain() throws Exception {
    TestTls tls = new TestTls(dir);
    try (Node server = new Node(tls.config(), tls.tlsListener("server.example.com"));
        Node client = new Node(tls.config())) {
      var to = server.address(Transport.TLS);
      assertThatThrownBy(
              () -> connect(client, new Destination(Transport.TLS, to, "other.example.com")))
          .isInstanceOf(ExecutionException.class)
          .hasStackTraceContaining("IDENTITY_MISMATCH");
      Flow ok = connect(client, new Destination(Transport.TLS, to, "server.example.com"));
      assertThat(ok.peerIdentities().domains()).contains("server.example.com");
      assertThat(client.layer.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void section4_untrustedIssuerIsRefused() throws Exception {
    TestTls ours = new TestTls(dir.resolve("ours"));
    TestTls theirs = new TestTls(dir.resolve("theirs"));
    try (Node server = new Node(theirs.config(), theirs.tlsListener("server.example.com"));
        Node client = new Node(ours.config())) {
      var to = server.address(Transport.TLS);
      assertThatThrownBy(
              () -> connect(client, new Destination(Transport.TLS, to, "server.example.com")))
          .hasStackTraceContaining("UNTRUSTED_ISSUER");
    }
  }

  @Test
  void section7_3_anAddressTargetChecksTheChainOnly() throws Exception {
    TestTls tls = new TestTls(dir);
    try (Node server = new Node(tls.config(), tls.tlsListener("server.example.com"));
        Node client = new Node(tls.config())) {
      Flow f = connect(client, Destination.of(Transport.TLS, server.address(Transport.TLS)));
      assertThat(f.isOpen()).isTrue();
    }
  }

  @Test
  void section5_requiredClientCertificate() throws Exception {
    TestTls tls = new TestTls(dir);
    ListenerConfig mtls =
        ListenerConfig.secure(
            Transport.TLS,
            Node.loopback(0),
            TlsServerConfig.of(tls.server("server.example.com"))
                .withClientAuth(ClientAuth.REQUIRED));
    KeyMaterial phone = tls.ca.client("alice@example.com");
    try (Node server = new Node(tls.config(), mtls);
        Node anonymous = new Node(tls.config());
        Node alice = new Node(tls.config().withClientMaterial(() -> phone))) {
      Destination d =
          new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com");
      // TLS 1.3 reports a missing client certificate after the client's side of the handshake:
      // the connection is then closed by the server, so sending fails or nothing arrives.
      try {
        connect(anonymous, d).send(Node.options(Transport.TLS, "anon.invalid", "z9hG4bK-anon"));
      } catch (ExecutionException refused) {
        // TLS 1.2 style: the handshake itself fails
      }
      assertThat(server.maybeNext(500)).isNull();

      Flow ok = connect(alice, d);
      ok.send(Node.options(Transport.TLS, "alice.invalid", "z9hG4bK-alice"));
      Node.Received in = server.next();
      assertThat(in.flow().peerIdentities().users()).contains("alice@example.com");
    }
  }

  @Test
  void rfc6066_3_sniSelectsTheCertificateOfTheDomain() throws Exception {
    TestTls tls = new TestTls(dir);
    TlsServerConfig config =
        TlsServerConfig.of(tls.server("a.example.com"))
            .withServerName("b.example.com", () -> tls.server("b.example.com"));
    ListenerConfig listener = ListenerConfig.secure(Transport.TLS, Node.loopback(0), config);
    try (Node server = new Node(tls.config(), listener);
        Node client = new Node(tls.config())) {
      var to = server.address(Transport.TLS);
      assertThat(
              connect(client, new Destination(Transport.TLS, to, "b.example.com"))
                  .peerIdentities()
                  .domains())
          .containsExactly("b.example.com");
      assertThat(
              connect(client, new Destination(Transport.TLS, to, "a.example.com"))
                  .peerIdentities()
                  .domains())
          .containsExactly("a.example.com");
    }
  }

  @Test
  void newKeyMaterialServesNewHandshakesAndKeepsOpenConnections() throws Exception {
    TestTls tls = new TestTls(dir);
    AtomicReference<KeyMaterial> current = new AtomicReference<>(tls.server("server.example.com"));
    ListenerConfig listener =
        ListenerConfig.secure(
            Transport.TLS,
            Node.loopback(0),
            new TlsServerConfig(current::get, java.util.Map.of(), ClientAuth.NONE));
    try (Node server = new Node(tls.config(), listener);
        Node first = new Node(tls.config());
        Node second = new Node(tls.config())) {
      Destination d =
          new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com");
      Flow before = connect(first, d);
      current.set(tls.server("server.example.com"));
      Flow after = connect(second, d);

      BigInteger oldSerial = serial(before);
      assertThat(serial(after)).isNotEqualTo(oldSerial);
      assertThat(serial(after)).isEqualTo(current.get().leaf().getSerialNumber());
      assertThat(before.isOpen()).isTrue();
      before
          .send(Node.options(Transport.TLS, "first.invalid", "z9hG4bK-old"))
          .toCompletableFuture()
          .get();
      assertThat(server.next().flow().isOpen()).isTrue();
    }
  }

  private static BigInteger serial(Flow f) {
    X509Certificate leaf = f.peerCertificates().get(0);
    return leaf.getSerialNumber();
  }

  @Test
  void theOpenSslEngineIsUsedWhereItLoads() {
    TestTls tls = new TestTls(dir);
    try (Node n = new Node(tls.config())) {
      assertThat(n.layer.tlsImplementation())
          .isEqualTo(TlsEngine.openSslAvailable() ? "OPENSSL" : "JDK");
    }
  }
}
