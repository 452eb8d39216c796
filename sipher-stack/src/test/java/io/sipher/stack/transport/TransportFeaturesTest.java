package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.pki.KeyMaterial;
import io.sipher.pki.KeyType;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The transport features beyond a plain round trip: IPv6 (RFC 5118), RSA as well as ECDSA
 * certificates, connection reuse by the Via alias (RFC 5923), the TLS handshake timeout, the
 * key-log file, and the death of silent UDP flows.
 */
class TransportFeaturesTest {
  @TempDir Path dir;

  private static boolean ipv6Loopback() {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("::1", 0))) {
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Transport.class,
      names = {"UDP", "TCP", "TLS"})
  void rfc5118_overIpv6Loopback(Transport t) throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback on this machine");
    TestTls tls = new TestTls(dir);
    InetSocketAddress any6 = new InetSocketAddress("::1", 0);
    ListenerConfig listener =
        t == Transport.TLS
            ? ListenerConfig.secure(t, any6, TlsServerConfig.of(tls.server("server.example.com")))
            : ListenerConfig.plain(t, any6);
    try (Node server = new Node(tls.config(), listener);
        Node client = new Node(tls.config(), ListenerConfig.plain(Transport.UDP, any6))) {
      int clientPort = client.address(Transport.UDP).getPort();
      SipRequest r = Node.options(t, "[2001:db8::10]:" + clientPort, "z9hG4bK-v6" + t);
      client
          .layer
          .send(r, new Destination(t, server.address(t), "server.example.com"))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      Node.Received in = server.next();
      assertThat(in.flow().remoteAddress().getAddress()).isInstanceOf(Inet6Address.class);
      assertThat(in.message().topVia().received()).isEqualTo("[::1]");
      server.layer.sendResponse(
          SipResponse.forRequest((SipRequest) in.message(), 200, null).build(), in.flow());
      assertThat(((SipResponse) client.next().message()).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aListenAddressInUse_isRefusedWithTheAddressAndTheReason() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Node node = new Node(TransportConfig.DEFAULTS)) {
      InetSocketAddress at = (InetSocketAddress) taken.getLocalSocketAddress();

      // Netty reports a failed bind as an undeclared IOException; the caller (sipher serve)
      // gets one message to print, not a stack trace.
      assertThatThrownBy(() -> node.layer.listen(ListenerConfig.plain(Transport.UDP, at)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on UDP 127.0.0.1:" + at.getPort())
          .hasMessageContaining("in use");
    }
  }

  @Test
  void rsaServerCertificatesWorkAsWellAsEcdsa() throws Exception {
    TestTls tls = new TestTls(dir);
    KeyMaterial rsa =
        tls.ca.ca.issueServer(
            "rsa.example.com", List.of(), List.of(), KeyType.RSA2048, Duration.ofDays(1));
    ListenerConfig listener =
        ListenerConfig.secure(Transport.TLS, Node.loopback(0), TlsServerConfig.of(rsa));
    try (Node server = new Node(tls.config(), listener);
        Node client = new Node(tls.config())) {
      Flow f =
          client
              .layer
              .connect(
                  new Destination(Transport.TLS, server.address(Transport.TLS), "rsa.example.com"))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(f.peerCertificates().get(0).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }
  }

  @Test
  void rfc5923_5_aliasOverTlsIsTakenWhenTheCertificateProvesTheSentBy() throws Exception {
    TestTls tls = new TestTls(dir);
    KeyMaterial peerCert = tls.server("peer.example.com"); // serverAuth and clientAuth
    ListenerConfig mtls =
        ListenerConfig.secure(
            Transport.TLS,
            Node.loopback(0),
            TlsServerConfig.of(tls.server("server.example.com"))
                .withClientAuth(ClientAuth.OPTIONAL));
    try (Node server = new Node(tls.config(), mtls);
        Node peer =
            new Node(
                tls.config().withClientMaterial(() -> peerCert),
                ListenerConfig.secure(
                    Transport.TLS, Node.loopback(0), TlsServerConfig.of(peerCert)))) {
      int peerPort = peer.address(Transport.TLS).getPort();
      SipRequest withAlias =
          Node.request(
              Node.options(Transport.TLS, "peer.example.com:" + peerPort, "z9hG4bK-alias")
                  .toString()
                  .replace(";rport", ";alias"));
      Flow out =
          peer.layer
              .send(
                  withAlias,
                  new Destination(
                      Transport.TLS, server.address(Transport.TLS), "server.example.com"))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      Node.Received in = server.next();
      // A request from the server to peer.example.com at the peer's listening port rides the
      // connection the peer opened.
      Flow back =
          server
              .layer
              .connect(
                  new Destination(
                      Transport.TLS,
                      new InetSocketAddress("127.0.0.1", peerPort),
                      "peer.example.com"))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(back).isSameAs(in.flow());
      back.send(Node.options(Transport.TLS, "server.example.com", "z9hG4bK-back"));
      assertThat(peer.next().flow().token()).isEqualTo(out.token());
      assertThat(server.layer.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void rfc5923_5_aliasOverPlainTcpIsIgnored() throws Exception {
    try (Node server =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Node victim =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Node attacker = new Node(TransportConfig.DEFAULTS)) {
      int victimPort = victim.address(Transport.TCP).getPort();
      // The attacker claims to be the victim's address and offers its connection for it.
      SipRequest claim =
          Node.request(
              Node.options(Transport.TCP, "127.0.0.1:" + victimPort, "z9hG4bK-claim")
                  .toString()
                  .replace(";rport", ";alias"));
      attacker
          .layer
          .send(claim, Destination.of(Transport.TCP, server.address(Transport.TCP)))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      Flow attackers = server.next().flow();
      Flow toVictim =
          server
              .layer
              .connect(
                  Destination.of(Transport.TCP, new InetSocketAddress("127.0.0.1", victimPort)))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertThat(toVictim).isNotSameAs(attackers);
      toVictim.send(Node.options(Transport.TCP, "127.0.0.1:1", "z9hG4bK-real"));
      assertThat(victim.next().message().callId()).isEqualTo("z9hG4bK-real@test");
      assertThat(attacker.maybeNext(200)).isNull();
    }
  }

  @Test
  void tlsToAnAddressNeedsTheAddressInTheCertificate() throws Exception {
    TestTls tls = new TestTls(dir);
    KeyMaterial noIp =
        tls.ca.ca.issueServer(
            "server.example.com", List.of(), List.of(), KeyType.EC, Duration.ofDays(1));
    try (Node server =
            new Node(
                tls.config(),
                ListenerConfig.secure(Transport.TLS, Node.loopback(0), TlsServerConfig.of(noIp)));
        Node client = new Node(tls.config())) {
      var to = server.address(Transport.TLS);
      assertThatThrownBy(
              () ->
                  client
                      .layer
                      .connect(Destination.of(Transport.TLS, to))
                      .toCompletableFuture()
                      .get(10, TimeUnit.SECONDS))
          .hasStackTraceContaining("does not name the address 127.0.0.1");
    }
  }

  @Test
  void unfinishedTlsHandshakesAreClosed() throws Exception {
    TestTls tls = new TestTls(dir);
    TransportConfig quick = tls.config().withHandshakeTimeout(Duration.ofMillis(200));
    try (Node server = new Node(quick, tls.tlsListener("server.example.com"));
        Socket s = new Socket()) {
      s.connect(server.address(Transport.TLS));
      s.setSoTimeout(10_000);
      assertThat(s.getInputStream().read()).isEqualTo(-1); // said nothing; the server hung up
      await().atMost(Duration.ofSeconds(10)).until(() -> server.layer.connectionCount() == 0);
    }
  }

  @Test
  void keyLogFileIsWrittenOnlyWhenConfiguredAndIsPrivate() throws Exception {
    assumeTrue(TlsEngine.openSslAvailable(), "the key log needs the OpenSSL engine");
    TestTls tls = new TestTls(dir);
    Path keyLog = dir.resolve("keys.log");
    try (Node server =
            new Node(tls.config().withKeyLogFile(keyLog), tls.tlsListener("server.example.com"));
        Node client = new Node(tls.config())) {
      client
          .layer
          .connect(
              new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com"))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(keyLog).contains("CLIENT_TRAFFIC_SECRET_0"));
      assertThat(Files.getPosixFilePermissions(keyLog))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(Files.readString(keyLog))
          .containsPattern("(?m)^CLIENT_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]{64} [0-9a-f]+$");
    }
    // Without the setting, nothing is written anywhere in the folder.
    Path other = dir.resolve("second");
    Files.createDirectories(other);
    TestTls plain = new TestTls(other.resolve("ca"));
    try (Node server = new Node(plain.config(), plain.tlsListener("server.example.com"));
        Node client = new Node(plain.config())) {
      client
          .layer
          .connect(
              new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com"))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
    try (var files = Files.walk(other)) {
      assertThat(files.filter(f -> f.toString().endsWith(".log"))).isEmpty();
    }
  }

  @Test
  void aKeyLogNeedsTheOpenSslEngine() {
    TestTls tls = new TestTls(dir);
    TransportConfig jdk =
        tls.config().withKeyLogFile(dir.resolve("keys.log")).withTlsEngine(TlsEngine.JDK);
    assertThatThrownBy(() -> new TransportLayer(jdk, (m, f) -> {}))
        .hasMessageContaining("needs the OpenSSL engine");
  }

  @Test
  void rfc5626_silentUdpSourcesAreForgottenAndTheirFlowsDie() throws Exception {
    TransportConfig quick = TransportConfig.DEFAULTS.withUdpFlowIdle(Duration.ofMillis(300));
    try (Node server = new Node(quick, ListenerConfig.plain(Transport.UDP, Node.loopback(0)));
        Node client =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.UDP, Node.loopback(0)))) {
      CompletableFuture<Flow> died = new CompletableFuture<>();
      server.layer.onFlowClosed(died::complete);
      client.layer.send(
          Node.options(Transport.UDP, "127.0.0.1:1", "z9hG4bK-udp"),
          Destination.of(Transport.UDP, server.address(Transport.UDP)));
      String token = server.next().flow().token();
      assertThat(died.get(10, TimeUnit.SECONDS).token()).isEqualTo(token);
      assertThat(server.layer.flow(token)).isEmpty();
    }
  }
}
