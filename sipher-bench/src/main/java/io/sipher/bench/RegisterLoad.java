package io.sipher.bench;

import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.SipHeaders;
import io.sipher.server.ServerConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.TransportConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registrations per second over TLS with digest authentication: {@code connections} phones, each on
 * its own TLS connection, register again and again; every registration is a REGISTER, its 401
 * challenge (SHA-256 offered first), and the REGISTER with credentials that gets the 200. The
 * server is the real one (registrar, authenticator, users and bindings in a SQLite file written
 * through in the background); the phones are sipher stacks with transactions, in the same JVM.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.sipher.bench.RegisterLoad CONNECTIONS WARMUP_S
 * MEASURE_S}
 */
public final class RegisterLoad {
  private RegisterLoad() {}

  public static void main(String[] args) throws Exception {
    int connections = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int measure = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String domain = "bench.example.com";
    BenchTls tls = new BenchTls(domain);
    TransportConfig config =
        TransportConfig.DEFAULTS
            .withTrust(() -> tls.verifier)
            .withConnectionLimits(100_000, 100_000);
    AtomicLong registered = new AtomicLong();
    AtomicLong failed = new AtomicLong();

    List<String> names = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      names.add("u" + i);
    }
    try (BenchServer server =
            BenchServer.start(tls, config, ServerConfig.forDomain(domain), names, "pw");
        SipStack phones =
            SipStack.start(config, List.of(), TransactionConfig.DEFAULTS, NO_REQUESTS)) {
      for (String user : names) {
        Flow flow =
            phones.transport().openNew(server.tls).toCompletableFuture().get(30, TimeUnit.SECONDS);
        new Phone(phones, flow, user, domain, registered, failed).next();
      }
      double rate = BenchServer.perSecond(registered, warmup, measure);
      System.out.printf(
          "connections=%d registrations_per_s=%.0f failures=%d%n", connections, rate, failed.get());
    }
  }

  /** The phones of this run receive no requests. */
  private static final TransactionUser NO_REQUESTS =
      new TransactionUser() {
        @Override
        public void onRequest(ServerTransaction tx, SipRequest request) {}

        @Override
        public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {}

        @Override
        public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {}

        @Override
        public void onStrayResponse(SipResponse response, Wire wire) {}
      };

  /** One phone: registers, answers the challenge, and starts over when it gets its 200. */
  private static final class Phone implements ClientTransactionListener {
    private final SipStack stack;
    private final Flow flow;
    private final String user;
    private final String domain;
    private final AtomicLong registered;
    private final AtomicLong failed;
    private long cseq;
    private int nc;

    Phone(SipStack stack, Flow flow, String user, String domain, AtomicLong ok, AtomicLong bad) {
      this.stack = stack;
      this.flow = flow;
      this.user = user;
      this.domain = domain;
      this.registered = ok;
      this.failed = bad;
    }

    synchronized void next() {
      send(null);
    }

    private synchronized void send(String authorization) {
      cseq++;
      String text =
          "REGISTER sip:"
              + domain
              + " SIP/2.0\r\n"
              + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bK"
              + user
              + "x"
              + cseq
              + ";rport\r\n"
              + "Max-Forwards: 70\r\n"
              + "From: <sip:"
              + user
              + "@"
              + domain
              + ">;tag="
              + user
              + "\r\n"
              + "To: <sip:"
              + user
              + "@"
              + domain
              + ">\r\n"
              + "Call-ID: "
              + user
              + "@load\r\n"
              + "CSeq: "
              + cseq
              + " REGISTER\r\n"
              + "Contact: <sip:"
              + user
              + "@phone.invalid;transport=tls>\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + "Content-Length: 0\r\n\r\n";
      ParseResult r = new SipParser().parseDatagram(text.getBytes(StandardCharsets.US_ASCII));
      stack.sendRequest((SipRequest) ((ParseResult.Parsed) r).message(), flow, this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse response) {
      int code = response.statusCode();
      if (code == 401) {
        Challenge c = response.all(SipHeaders.WWW_AUTHENTICATE).get(0);
        send(answer(c));
      } else if (code == 200) {
        registered.incrementAndGet();
        next();
      } else if (code >= 300) {
        failed.incrementAndGet();
        next();
      }
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
      failed.incrementAndGet();
      next();
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
      failed.incrementAndGet();
    }

    private String answer(Challenge c) {
      return BenchDigest.authorization(
          c, user, "pw", "REGISTER", "sip:" + domain, ++nc, "c" + cseq);
    }
  }
}
