package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §18.3 framing on a stream, and the transport's limits: bad input is answered with a
 * precise error and, when the framing is lost, the connection is closed; connection counts and idle
 * time are bounded.
 */
class Rfc3261_18_3_StreamLimitsTest {

  private static String readUntilClosed(Socket s) throws Exception {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] b = new byte[4096];
    for (int n; (n = in.read(b)) >= 0; ) {
      all.write(b, 0, n);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  @Test
  void section18_3_requestWithoutContentLengthGets400AndTheConnectionCloses() throws Exception {
    try (Node server =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Socket s = new Socket()) {
      s.connect(server.address(Transport.TCP));
      s.setSoTimeout(10_000);
      String noLength =
          "OPTIONS sip:x@example.com SIP/2.0\r\n"
              + "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-nolen\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:a@example.com>;tag=1\r\n"
              + "To: <sip:x@example.com>\r\n"
              + "Call-ID: nolen@test\r\n"
              + "CSeq: 1 OPTIONS\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(noLength.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readUntilClosed(s);
      assertThat(answer).startsWith("SIP/2.0 400 ").contains("Content-Length");
      assertThat(answer)
          .contains("Call-ID: nolen@test")
          .containsPattern("To: <sip:x@example.com>;tag=");
      assertThat(server.maybeNext(100)).isNull();
    }
  }

  @Test
  void section8_1_1_requestWithoutCallIdGets400AndTheConnectionStays() throws Exception {
    try (Node server =
            new Node(
                TransportConfig.DEFAULTS, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Socket s = new Socket()) {
      s.connect(server.address(Transport.TCP));
      s.setSoTimeout(10_000);
      String noCallId =
          "OPTIONS sip:x@example.com SIP/2.0\r\n"
              + "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-nocid\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:a@example.com>;tag=1\r\n"
              + "To: <sip:x@example.com>\r\n"
              + "CSeq: 1 OPTIONS\r\n"
              + "Content-Length: 0\r\n\r\n";
      OutputStream out = s.getOutputStream();
      out.write(noCallId.getBytes(StandardCharsets.US_ASCII));
      out.write(Node.options(Transport.TCP, "127.0.0.1:5060", "z9hG4bK-next").toByteArray());
      out.flush();
      byte[] head = s.getInputStream().readNBytes(16);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("SIP/2.0 400 Miss");
      assertThat(server.next().message().callId()).isEqualTo("z9hG4bK-next@test");
    }
  }

  @Test
  void connectionsPerAddressAreLimited() throws Exception {
    TransportConfig limited = TransportConfig.DEFAULTS.withConnectionLimits(100, 2);
    try (Node server = new Node(limited, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Socket a = new Socket();
        Socket b = new Socket();
        Socket c = new Socket()) {
      a.connect(server.address(Transport.TCP));
      b.connect(server.address(Transport.TCP));
      c.connect(server.address(Transport.TCP));
      c.setSoTimeout(10_000);
      assertThat(c.getInputStream().read()).isEqualTo(-1); // closed by the server at once
      // The two admitted connections still work.
      a.getOutputStream()
          .write(Node.options(Transport.TCP, "127.0.0.1:1", "z9hG4bK-a").toByteArray());
      assertThat(server.next().message().callId()).isEqualTo("z9hG4bK-a@test");
      assertThat(server.layer.connectionCount()).isEqualTo(2);
    }
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    TransportConfig quick = TransportConfig.DEFAULTS.withIdleTimeout(Duration.ofMillis(200));
    try (Node server = new Node(quick, ListenerConfig.plain(Transport.TCP, Node.loopback(0)));
        Socket s = new Socket()) {
      s.connect(server.address(Transport.TCP));
      s.setSoTimeout(10_000);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
  }
}
