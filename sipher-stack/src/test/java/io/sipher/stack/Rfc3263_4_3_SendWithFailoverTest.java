package io.sipher.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.uri.SipUri;
import io.sipher.stack.dns.ServerLocator;
import io.sipher.stack.dns.ServerLocatorConfig;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * RFC 3263 §4.3 end to end: a request for a domain with three servers, tried in order. The first
 * refuses the connection (transport error), the second answers 503; the third answers 200, which is
 * what the sender sees.
 */
class Rfc3263_4_3_SendWithFailoverTest {

  /** A server that answers every request with one status code. */
  static final class Answering implements TransactionUser {
    final int status;
    final AtomicInteger requests = new AtomicInteger();

    Answering(int status) {
      this.status = status;
    }

    @Override
    public void onRequest(ServerTransaction tx, SipRequest request) {
      requests.incrementAndGet();
      tx.respond(SipResponse.forRequest(request, status, null).build());
    }

    @Override
    public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {}

    @Override
    public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {}

    @Override
    public void onStrayResponse(SipResponse response, Wire wire) {}
  }

  private static SipStack tcpServer(TransactionUser user) {
    return SipStack.start(
        TransportConfig.DEFAULTS,
        List.of(ListenerConfig.plain(Transport.TCP, new InetSocketAddress("127.0.0.1", 0))),
        TransactionConfig.DEFAULTS,
        user);
  }

  private static InetSocketAddress tcpAddress(SipStack s) {
    return s.transport().listener(Transport.TCP).orElseThrow().address();
  }

  @Test
  void transportErrorAnd503MoveOnToTheNextTarget() throws Exception {
    int refusing;
    try (ServerSocket closed = new ServerSocket(0)) {
      refusing = closed.getLocalPort(); // nothing listens there once this is closed
    }
    Answering busy = new Answering(503);
    Answering fine = new Answering(200);
    try (SipStack unavailable = tcpServer(busy);
        SipStack available = tcpServer(fine);
        SipStack client = tcpServer(new Answering(500))) {
      ServerLocator locator =
          new ServerLocator(
              ServerLocatorConfig.builder()
                  .staticTarget(
                      "example.com", Transport.TCP, new InetSocketAddress("127.0.0.1", refusing))
                  .staticTarget("example.com", Transport.TCP, tcpAddress(unavailable))
                  .staticTarget("example.com", Transport.TCP, tcpAddress(available))
                  .build(),
              ForkJoinPool.commonPool());
      SipRequest options =
          SippInteropTest.request(
              "OPTIONS sip:example.com;transport=tcp SIP/2.0\n"
                  + "Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-fo\n"
                  + "Max-Forwards: 70\n"
                  + "From: <sip:a@example.org>;tag=f\n"
                  + "To: <sip:example.com>\n"
                  + "Call-ID: failover@test\n"
                  + "CSeq: 1 OPTIONS\n"
                  + "Content-Length: 0\n\n");
      CompletableFuture<SipResponse> result = new CompletableFuture<>();
      client
          .sendRequest(
              options,
              SipUri.parse("sip:example.com;transport=tcp"),
              locator,
              ClientTransactionListener.completing(result))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      assertThat(result.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(busy.requests.get()).isEqualTo(1);
      assertThat(fine.requests.get()).isEqualTo(1);
    }
  }
}
