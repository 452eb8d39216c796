package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 5626 flows: a UA that accepts no inbound connection (behind NAT) is reached over the
 * connection it opened; flows answer keep-alives (§3.5.1 CRLF on streams, §4.4.2 STUN on UDP) and
 * die visibly when their connection goes.
 */
class Rfc5626_FlowsAndKeepAlivesTest {
  @TempDir Path dir;

  @Test
  void section5_3_requestsReachANattedUaOverTheFlowItRegisteredOn() throws Exception {
    TestTls tls = new TestTls(dir);
    try (Node server = new Node(tls.config(), tls.tlsListener("server.example.com"));
        Node phone = new Node(tls.config())) { // no listener at all: it cannot be connected to
      CompletableFuture<Flow> died = new CompletableFuture<>();
      server.layer.onFlowClosed(died::complete);
      Destination registrar =
          new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com");
      phone.layer.send(register(), registrar).toCompletableFuture().get(10, TimeUnit.SECONDS);
      Node.Received reg = server.next();
      String token = reg.flow().token();

      // Later, a call for the phone: found by the flow token the registrar kept.
      Flow flow = server.layer.flow(token).orElseThrow();
      flow.send(Node.options(Transport.TLS, "server.example.com", "z9hG4bK-incoming"))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      Node.Received incoming = phone.next();
      assertThat(((SipRequest) incoming.message()).method()).isEqualTo("OPTIONS");
      assertThat(incoming.flow().inbound()).isFalse(); // it came over the phone's own connection

      incoming.flow().close();
      assertThat(died.get(10, TimeUnit.SECONDS).token()).isEqualTo(token);
      assertThat(server.layer.flow(token)).isEmpty();
    }
  }

  @Test
  void section3_5_1_doubleCrlfPingGetsSingleCrlfPong() throws Exception {
    try (Node server =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Socket s = new Socket()) {
      s.connect(server.address(Transport.TCP));
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      assertThat(in.readNBytes(2)).containsExactly('\r', '\n');
      // A pong needs no answer, and the connection stays usable for SIP.
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(Node.options(Transport.TCP, "127.0.0.1:1", "z9hG4bK-after").toByteArray());
      out.flush();
      assertThat(server.next().message()).isInstanceOf(SipRequest.class);
    }
  }

  @Test
  void section4_4_1_clientPingOverTls_completesWithThePong() throws Exception {
    TestTls tls = new TestTls(dir);
    try (Node server = new Node(tls.config(), tls.tlsListener("server.example.com"));
        Node phone = new Node(tls.config())) {
      Destination registrar =
          new Destination(Transport.TLS, server.address(Transport.TLS), "server.example.com");
      Flow flow = phone.layer.connect(registrar).toCompletableFuture().get(10, TimeUnit.SECONDS);

      flow.ping().toCompletableFuture().get(10, TimeUnit.SECONDS);
      flow.ping().toCompletableFuture().get(10, TimeUnit.SECONDS); // and again on the same flow
      assertThat(flow.isOpen()).isTrue();
    }
  }

  @Test
  void section4_4_1_pingWithoutPong_failsWhenTheConnectionDies() throws Exception {
    try (java.net.ServerSocket silent =
            new java.net.ServerSocket(0, 1, Node.loopback(0).getAddress());
        Node phone = new Node(TransportConfig.DEFAULTS)) {
      Destination peer =
          Destination.of(
              Transport.TCP,
              new InetSocketAddress(Node.loopback(0).getAddress(), silent.getLocalPort()));
      Flow flow = phone.layer.connect(peer).toCompletableFuture().get(10, TimeUnit.SECONDS);
      CompletableFuture<Void> pong = flow.ping().toCompletableFuture();
      try (Socket accepted = silent.accept()) {
        assertThat(accepted.getInputStream().readNBytes(4)).containsExactly('\r', '\n', '\r', '\n');
        assertThat(pong).isNotDone(); // a peer that reads but never answers
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> pong.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(FlowClosedException.class);
    }
  }

  @Test
  void section4_4_2_stunBindingRequestOnTheSipPortIsAnswered() throws Exception {
    try (Node server =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.UDP, Node.loopback(0)));
        DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      s.setSoTimeout(10_000);
      ByteBuffer req = ByteBuffer.allocate(20);
      req.putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442);
      byte[] txid = "sipher-txid!".getBytes(StandardCharsets.US_ASCII);
      req.put(txid);
      s.send(new DatagramPacket(req.array(), 20, server.address(Transport.UDP)));
      DatagramPacket p = new DatagramPacket(new byte[512], 512);
      s.receive(p);
      ByteBuffer r = ByteBuffer.wrap(p.getData(), 0, p.getLength());
      assertThat(r.getShort() & 0xFFFF).isEqualTo(0x0101); // Binding success
      assertThat(r.getShort() & 0xFFFF).isEqualTo(12);
      assertThat(r.getInt()).isEqualTo(0x2112A442);
      byte[] echoed = new byte[12];
      r.get(echoed);
      assertThat(echoed).isEqualTo(txid);
      assertThat(r.getShort() & 0xFFFF).isEqualTo(0x0020); // XOR-MAPPED-ADDRESS
      assertThat(r.getShort() & 0xFFFF).isEqualTo(8);
      r.get(); // reserved
      assertThat(r.get()).isEqualTo((byte) 0x01); // IPv4
      int port = (r.getShort() & 0xFFFF) ^ 0x2112;
      assertThat(port).isEqualTo(s.getLocalPort());
      int addr = r.getInt() ^ 0x2112A442;
      assertThat(addr).isEqualTo(0x7F000001);
    }
  }

  private static SipRequest register() {
    return Node.request(
        "REGISTER sip:server.example.com SIP/2.0\n"
            + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bK-reg1;rport\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@server.example.com>;tag=r1\n"
            + "To: <sip:alice@server.example.com>\n"
            + "Call-ID: reg1@phone\n"
            + "CSeq: 1 REGISTER\n"
            + "Supported: outbound, path\n"
            + "Contact: <sip:alice@phone.invalid;transport=tls;ob>"
            + ";reg-id=1;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000a95a0e128>\"\n"
            + "Expires: 600\n"
            + "Content-Length: 0\n\n");
  }
}
