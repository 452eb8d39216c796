package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Via;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RFC 3261 §18: a request and its response over every transport (WS and WSS as RFC 7118 defines
 * them), between two sipher transport layers on loopback sockets, with the server-side duties of
 * §18.2.1 (received, and rport from RFC 3581 §4) and §18.2.2 (the response follows the request's
 * flow).
 */
class Rfc3261_18_TransportRoundTripTest {
  @TempDir Path dir;
  TestTls tls;
  Node server;
  Node client;

  @BeforeEach
  void start() {
    tls = new TestTls(dir);
    server =
        new Node(
            tls.config(),
            ListenerConfig.plain(Transport.UDP, Node.loopback(0)),
            ListenerConfig.plain(Transport.TCP, Node.loopback(0)),
            tls.tlsListener("server.example.com"),
            ListenerConfig.plain(Transport.WS, Node.loopback(0)),
            ListenerConfig.secure(
                Transport.WSS,
                Node.loopback(0),
                TlsServerConfig.of(tls.server("server.example.com"))));
    client = new Node(tls.config(), ListenerConfig.plain(Transport.UDP, Node.loopback(0)));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void section18_requestAndResponseRoundTrip(Transport t) throws Exception {
    InetSocketAddress to = server.address(t);
    // The sent-by names an address the packets do not come from, so received must be added; its
    // port is the client's UDP socket, which a UDP response must name (RFC 3261 §18.1.2).
    int clientPort = client.address(Transport.UDP).getPort();
    SipRequest request = Node.options(t, "192.0.2.10:" + clientPort, "z9hG4bK-" + t);
    Flow out =
        client
            .layer
            .send(request, new Destination(t, to, "server.example.com"))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    Node.Received in = server.next();
    SipRequest got = (SipRequest) in.message();
    assertThat(got.method()).isEqualTo("OPTIONS");
    assertThat(in.flow().transport()).isEqualTo(t);
    Via via = got.topVia();
    assertThat(via.received()).isEqualTo("127.0.0.1");
    assertThat(via.rport()).isEqualTo(out.localAddress().getPort());

    SipResponse ok = SipResponse.forRequest(got, 200, null).build();
    server.layer.sendResponse(ok, in.flow()).toCompletableFuture().get(10, TimeUnit.SECONDS);

    Node.Received back = client.next();
    assertThat(back.message()).isInstanceOf(SipResponse.class);
    assertThat(((SipResponse) back.message()).statusCode()).isEqualTo(200);
    assertThat(back.flow().token()).isEqualTo(out.token());
  }

  @Test
  void section18_2_1_receivedOmittedWhenSentByIsTheSourceAddress() throws Exception {
    InetSocketAddress to = server.address(Transport.TCP);
    SipRequest request =
        Node.request(
            Node.options(Transport.TCP, "127.0.0.1:5060", "z9hG4bK-same")
                .toString()
                .replace(";rport", ""));
    client.layer.send(request, Destination.of(Transport.TCP, to)).toCompletableFuture().get();
    Via via = server.next().message().topVia();
    assertThat(via.received()).isNull();
    assertThat(via.hasRport()).isFalse();
  }

  @Test
  void section18_requestsToThePeerReuseTheOpenConnection() throws Exception {
    Destination d =
        new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com");
    Flow first =
        client
            .layer
            .send(Node.options(Transport.TLS, "client.invalid", "z9hG4bK-1"), d)
            .toCompletableFuture()
            .get();
    Flow second =
        client
            .layer
            .send(Node.options(Transport.TLS, "client.invalid", "z9hG4bK-2"), d)
            .toCompletableFuture()
            .get();
    assertThat(second).isSameAs(first);
    server.next();
    server.next();
    assertThat(client.layer.connectionCount()).isEqualTo(1);
  }

  @Test
  void section18_1_2_udpResponsesWhoseViaIsNotOursAreDropped() throws Exception {
    // A response to a request this client never sent, with somebody else's Via.
    int serverUdp = server.address(Transport.UDP).getPort();
    SipRequest forged = Node.options(Transport.UDP, "198.51.100.7:5060", "z9hG4bK-forged");
    SipResponse reflected = SipResponse.forRequest(forged, 200, null).build();
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(Node.loopback(0))) {
      byte[] b = reflected.toByteArray();
      s.send(new java.net.DatagramPacket(b, b.length, Node.loopback(serverUdp)));
      // Then one that does carry the server's port: it is delivered, so the first was dropped.
      SipRequest ours = Node.options(Transport.UDP, "127.0.0.1:" + serverUdp, "z9hG4bK-ours");
      byte[] ok = SipResponse.forRequest(ours, 200, null).build().toByteArray();
      s.send(new java.net.DatagramPacket(ok, ok.length, Node.loopback(serverUdp)));
    }
    assertThat(server.next().message().topVia().branch()).isEqualTo("z9hG4bK-ours");
  }
}
