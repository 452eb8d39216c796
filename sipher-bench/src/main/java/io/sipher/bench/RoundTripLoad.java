package io.sipher.bench;

import io.sipher.message.ParseResult;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsEngine;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import io.sipher.stack.transport.TransportLayer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request/response round trips per second over TLS: a client transport layer keeps {@code inflight}
 * OPTIONS outstanding on each of {@code connections} TLS connections to a server layer in the same
 * process, which answers each with a 200; every response releases the next request on its
 * connection. Both ends share the machine's cores, so the figure is for the pair.
 *
 * <p>The server answers in its inbound handler, without the transaction layer: this measures the
 * transport (TLS, framing, parsing, Via stamping, encoding).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.sipher.bench.RoundTripLoad ENGINE CONNECTIONS
 * INFLIGHT WARMUP_S MEASURE_S}
 */
public final class RoundTripLoad {
  private RoundTripLoad() {}

  public static void main(String[] args) throws Exception {
    TlsEngine engine = TlsEngine.valueOf(args.length > 0 ? args[0] : "AUTO");
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int inflight = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int measure = args.length > 4 ? Integer.parseInt(args[4]) : 10;

    BenchTls tls = new BenchTls("bench.example.com");
    // Every connection comes from 127.0.0.1: lift the per-address limit that protects a server
    // from one source.
    TransportConfig config =
        TransportConfig.DEFAULTS
            .withTrust(() -> tls.verifier)
            .withTlsEngine(engine)
            .withConnectionLimits(100_000, 100_000);
    AtomicLong responses = new AtomicLong();
    AtomicLong sequence = new AtomicLong();
    try (TransportLayer server =
            new TransportLayer(
                config,
                (m, f) -> {
                  if (m instanceof SipRequest r) {
                    server(f, r);
                  }
                });
        TransportLayer client =
            new TransportLayer(
                config,
                (m, f) -> {
                  if (m instanceof SipResponse) {
                    responses.incrementAndGet();
                    f.send(request(sequence.incrementAndGet()));
                  }
                })) {
      InetSocketAddress at =
          server
              .listen(
                  ListenerConfig.secure(
                      Transport.TLS,
                      new InetSocketAddress("127.0.0.1", 0),
                      TlsServerConfig.of(tls.server)))
              .address();
      Destination d = new Destination(Transport.TLS, at, "bench.example.com");
      List<Flow> flows = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        flows.add(client.openNew(d).toCompletableFuture().get(30, TimeUnit.SECONDS));
      }
      for (Flow f : flows) {
        for (int i = 0; i < inflight; i++) {
          f.send(request(sequence.incrementAndGet()));
        }
      }
      double rate = BenchServer.perSecond(responses, warmup, measure);
      System.out.printf(
          "engine=%s connections=%d inflight=%d round_trips_per_s=%.0f%n",
          server.tlsImplementation(), connections, inflight, rate);
    }
  }

  private static void server(Flow flow, SipRequest request) {
    flow.send(
        SipResponse.forRequest(request, 200, null).add(HeaderName.SERVER, "sipher-bench").build());
  }

  private static final String TEMPLATE =
      "OPTIONS sip:bench.example.com SIP/2.0\r\n"
          + "Via: SIP/2.0/TLS client.invalid;branch=z9hG4bK%d;rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: <sip:load@bench.example.com>;tag=l%d\r\n"
          + "To: <sip:bench.example.com>\r\n"
          + "Call-ID: %d@load\r\n"
          + "CSeq: 1 OPTIONS\r\n"
          + "Content-Length: 0\r\n\r\n";

  private static final ThreadLocal<SipParser> PARSER = ThreadLocal.withInitial(SipParser::new);

  static SipMessage request(long n) {
    byte[] b = String.format(TEMPLATE, n, n, n).getBytes(StandardCharsets.US_ASCII);
    return ((ParseResult.Parsed) PARSER.get().parseDatagram(b)).message();
  }
}
