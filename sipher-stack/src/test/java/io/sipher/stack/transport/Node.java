package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.fail;

import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.testing.Wire;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A transport layer on loopback whose inbound messages land in a queue, for tests. */
final class Node implements AutoCloseable {
  record Received(SipMessage message, Flow flow) {}

  final TransportLayer layer;
  final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();

  Node(TransportConfig config, ListenerConfig... listeners) {
    layer = new TransportLayer(config, (m, f) -> inbox.add(new Received(m, f)));
    for (ListenerConfig l : listeners) {
      layer.listen(l);
    }
  }

  InetSocketAddress address(Transport t) {
    return layer.listener(t).orElseThrow().address();
  }

  /** The next message; fails the test when none comes within a generous bound. */
  Received next() throws InterruptedException {
    Received r = inbox.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      fail("no message arrived");
    }
    return r;
  }

  /** Whether a message arrives within a short while (for "nothing arrives" checks). */
  Received maybeNext(long millis) throws InterruptedException {
    return inbox.poll(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    layer.close();
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** A request parsed from text with CRLF line ends; {@code \n} in the text becomes CRLF. */
  static SipRequest request(String text) {
    return Wire.request(text);
  }

  static SipRequest options(Transport t, String sentBy, String branch) {
    return request(
        "OPTIONS sip:server.example.com SIP/2.0\n"
            + "Via: SIP/2.0/"
            + t.viaName()
            + " "
            + sentBy
            + ";branch="
            + branch
            + ";rport\n"
            + "Max-Forwards: 70\n"
            + "From: <sip:alice@example.com>;tag=a1\n"
            + "To: <sip:server.example.com>\n"
            + "Call-ID: "
            + branch
            + "@test\n"
            + "CSeq: 1 OPTIONS\n"
            + "Content-Length: 0\n\n");
  }
}
