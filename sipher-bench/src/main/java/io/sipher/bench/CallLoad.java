package io.sipher.bench;

import io.sipher.message.HeaderField;
import io.sipher.message.ParseResult;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.Challenge;
import io.sipher.message.header.HeaderName;
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
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Call setups per second through the proxy over TLS: {@code pairs} callers and callees, every phone
 * on its own TLS connection and registered with digest (RFC 5626 outbound, so calls reach the
 * callee over its flow). Each caller loops: INVITE through the proxy, the callee answers 200, ACK
 * and BYE follow the Record-Route set back through the proxy, BYE's 200 ends the call. One call is
 * INVITE/200/ACK/BYE/200 through the proxy. The phones are trusted by address for their INVITEs (no
 * 407 round), which is how a server in front of an SBC or a trunk is set up.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.sipher.bench.CallLoad PAIRS WARMUP_S MEASURE_S}
 */
public final class CallLoad {
  private static final String DOMAIN = "bench.example.com";

  private CallLoad() {}

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int measure = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    BenchTls tls = new BenchTls(DOMAIN);
    TransportConfig config =
        TransportConfig.DEFAULTS
            .withTrust(() -> tls.verifier)
            .withConnectionLimits(100_000, 100_000);
    AtomicLong calls = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      names.add("a" + i);
      names.add("b" + i);
    }
    ServerConfig sc =
        ServerConfig.forDomain(DOMAIN).withTrustedPeers(Set.of(InetAddress.getByName("127.0.0.1")));
    try (BenchServer server = BenchServer.start(tls, config, sc, names, "pw");
        SipStack phones =
            SipStack.start(config, List.of(), TransactionConfig.DEFAULTS, new Callee())) {
      List<Caller> callers = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        Flow calleeFlow =
            phones.transport().openNew(server.tls).toCompletableFuture().get(30, TimeUnit.SECONDS);
        register(phones, calleeFlow, "b" + i);
        Flow callerFlow =
            phones.transport().openNew(server.tls).toCompletableFuture().get(30, TimeUnit.SECONDS);
        register(phones, callerFlow, "a" + i);
        callers.add(new Caller(phones, callerFlow, "a" + i, "b" + i, calls, failed));
      }
      callers.forEach(Caller::call);
      double rate = BenchServer.perSecond(calls, warmup, measure);
      System.out.printf("pairs=%d calls_per_s=%.0f failures=%d%n", pairs, rate, failed.get());
    }
  }

  static SipRequest parse(String text) {
    ParseResult r = new SipParser().parseDatagram(text.getBytes(StandardCharsets.US_ASCII));
    return (SipRequest) ((ParseResult.Parsed) r).message();
  }

  /** Registers {@code user} over {@code flow} as an RFC 5626 outbound contact, with digest. */
  private static void register(SipStack stack, Flow flow, String user) throws Exception {
    String base =
        "REGISTER sip:"
            + DOMAIN
            + " SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bKreg%s;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:"
            + user
            + "@"
            + DOMAIN
            + ">;tag=r"
            + user
            + "\r\n"
            + "To: <sip:"
            + user
            + "@"
            + DOMAIN
            + ">\r\n"
            + "Call-ID: reg-"
            + user
            + "\r\n"
            + "CSeq: %d REGISTER\r\n"
            + "Supported: outbound\r\n"
            + "Contact: <sip:"
            + user
            + "@phone.invalid;transport=tls;ob>"
            + ";+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-"
            + String.format("%012x", user.hashCode() & 0xffffffffL)
            + ">\";reg-id=1\r\n"
            + "%s"
            + "Content-Length: 0\r\n\r\n";
    SipResponse challenge =
        finalResponse(stack, flow, parse(String.format(base, user + "1", 1, "")));
    Challenge c = challenge.all(SipHeaders.WWW_AUTHENTICATE).get(0);
    String auth =
        BenchDigest.authorization(c, user, "pw", "REGISTER", "sip:" + DOMAIN, 1, "c" + user);
    SipResponse ok =
        finalResponse(
            stack,
            flow,
            parse(String.format(base, user + "2", 2, "Authorization: " + auth + "\r\n")));
    if (ok.statusCode() != 200) {
      throw new IllegalStateException("registration of " + user + " failed: " + ok.statusCode());
    }
  }

  private static SipResponse finalResponse(SipStack stack, Flow flow, SipRequest r)
      throws Exception {
    CompletableFuture<SipResponse> done = new CompletableFuture<>();
    stack.sendRequest(r, flow, ClientTransactionListener.completing(done));
    return done.get(30, TimeUnit.SECONDS);
  }

  /** The called phones: answer every INVITE at once and every BYE with 200. */
  private static final class Callee implements TransactionUser {
    @Override
    public void onRequest(ServerTransaction tx, SipRequest request) {
      SipResponse.Editor e = SipResponse.forRequest(request, 200, null);
      if (request.to().tag() == null) {
        e.set(HeaderName.TO, request.to().withTag("t" + request.callId().hashCode()).toString());
      }
      if (request.isMethod("INVITE")) {
        for (HeaderField rr : request.headers().all(HeaderName.RECORD_ROUTE)) {
          e.add(rr); // §12.1.1: the UAS copies Record-Route into its 2xx
        }
        String user = request.to().sipUri().user();
        e.add(HeaderName.CONTACT, "<sip:" + user + "@phone.invalid;transport=tls;ob>");
      }
      tx.respond(e.build());
    }

    @Override
    public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {}

    @Override
    public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {}

    @Override
    public void onStrayResponse(SipResponse response, Wire wire) {}
  }

  /** A calling phone: INVITE, then ACK and BYE along the dialog's route set, then again. */
  private static final class Caller implements ClientTransactionListener {
    private final SipStack stack;
    private final Flow flow;
    private final String user;
    private final String callee;
    private final AtomicLong calls;
    private final AtomicLong failed;
    private long n;

    Caller(
        SipStack stack,
        Flow flow,
        String user,
        String callee,
        AtomicLong calls,
        AtomicLong failed) {
      this.stack = stack;
      this.flow = flow;
      this.user = user;
      this.callee = callee;
      this.calls = calls;
      this.failed = failed;
    }

    synchronized void call() {
      n++;
      SipRequest invite =
          parse(
              "INVITE sip:"
                  + callee
                  + "@"
                  + DOMAIN
                  + " SIP/2.0\r\n"
                  + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bKinv"
                  + user
                  + "x"
                  + n
                  + ";rport\r\n"
                  + "Max-Forwards: 70\r\n"
                  + "From: <sip:"
                  + user
                  + "@"
                  + DOMAIN
                  + ">;tag=f"
                  + n
                  + "\r\n"
                  + "To: <sip:"
                  + callee
                  + "@"
                  + DOMAIN
                  + ">\r\n"
                  + "Call-ID: "
                  + user
                  + "-"
                  + n
                  + "@load\r\n"
                  + "CSeq: 1 INVITE\r\n"
                  + "Contact: <sip:"
                  + user
                  + "@phone.invalid;transport=tls;ob>\r\n"
                  + "Content-Length: 0\r\n\r\n");
      stack.sendRequest(invite, flow, this);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse response) {
      int code = response.statusCode();
      if (code < 200) {
        return;
      }
      if (!tx.request().isMethod("INVITE")) {
        if (code == 200) {
          calls.incrementAndGet();
        } else {
          failed.incrementAndGet();
        }
        call();
        return;
      }
      if (code != 200) {
        failed.incrementAndGet();
        call();
        return;
      }
      // §12.1.2: the route set is the Record-Route of the 2xx, reversed; the remote target its
      // Contact. ACK and BYE go to the first Route (the proxy), over our connection to it.
      List<String> routes = new ArrayList<>();
      for (Address a : response.recordRoutes()) {
        routes.add(a.toString());
      }
      Collections.reverse(routes);
      String target = response.contacts().get(0).address().uri().toString();
      String to = response.headers().firstValue(HeaderName.TO);
      String routeLines = routes.isEmpty() ? "" : "Route: " + String.join(", ", routes) + "\r\n";
      String common =
          "Max-Forwards: 70\r\n"
              + "From: <sip:"
              + user
              + "@"
              + DOMAIN
              + ">;tag=f"
              + n
              + "\r\n"
              + "To: "
              + to
              + "\r\n"
              + "Call-ID: "
              + user
              + "-"
              + n
              + "@load\r\n"
              + routeLines;
      SipRequest ack =
          parse(
              "ACK "
                  + target
                  + " SIP/2.0\r\n"
                  + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bKack"
                  + user
                  + "x"
                  + n
                  + ";rport\r\n"
                  + common
                  + "CSeq: 1 ACK\r\n"
                  + "Content-Length: 0\r\n\r\n");
      flow.send(ack);
      SipRequest bye =
          parse(
              "BYE "
                  + target
                  + " SIP/2.0\r\n"
                  + "Via: SIP/2.0/TLS phone.invalid;branch=z9hG4bKbye"
                  + user
                  + "x"
                  + n
                  + ";rport\r\n"
                  + common
                  + "CSeq: 2 BYE\r\n"
                  + "Content-Length: 0\r\n\r\n");
      stack.sendRequest(bye, flow, this);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
      failed.incrementAndGet();
      call();
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
      failed.incrementAndGet();
    }
  }
}
