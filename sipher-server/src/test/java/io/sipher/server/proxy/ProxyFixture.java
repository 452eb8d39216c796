package io.sipher.server.proxy;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.pki.CertificateVerifier;
import io.sipher.pki.TestCa;
import io.sipher.server.ServerConfig;
import io.sipher.server.ServerCore;
import io.sipher.server.TlsPolicy;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.TestUa;
import io.sipher.server.auth.UserCredentials;
import io.sipher.server.registrar.LocationService;
import io.sipher.server.registrar.MemoryBindingStore;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrarConfig;
import io.sipher.stack.SipStack;
import io.sipher.stack.transaction.ClientTransaction;
import io.sipher.stack.transaction.ClientTransactionListener;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionConfig;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.ListenerConfig;
import io.sipher.stack.transport.TlsServerConfig;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A proxy on loopback (TLS and UDP listeners, domain example.com) and phones that are SIP stacks of
 * their own: "NAT'd" phones have no listener and are reachable only over the TLS connection they
 * registered on (RFC 5626).
 */
final class ProxyFixture implements AutoCloseable {
  static final String DOMAIN = "example.com";

  final TestCa ca;
  final TransportConfig transportConfig;
  final LocationService location;
  final ServerCore core;
  final SipStack server;
  private final List<Phone> phones = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();

  ProxyFixture(Path dir, ServerConfig config) {
    ca = TestCa.create(dir);
    CertificateVerifier trust =
        new CertificateVerifier(List.of(ca.ca.certificate()), List.of(), Clock.systemUTC());
    transportConfig = TransportConfig.DEFAULTS.withTrust(() -> trust);
    location = new LocationService(new MemoryBindingStore(), Clock.systemUTC());
    core =
        new ServerCore(
            config,
            new DigestAuthenticator(
                config.auth(),
                (user, realm) ->
                    Optional.of(
                        UserCredentials.fromPassword(user, realm, password(user).toCharArray())),
                DigestAuthenticator.newSecret(),
                Clock.systemUTC()),
            new Registrar(location, RegistrarConfig.DEFAULTS, Clock.systemUTC()));
    server =
        SipStack.start(
            transportConfig,
            List.of(
                ListenerConfig.secure(
                    Transport.TLS,
                    new InetSocketAddress("127.0.0.1", 0),
                    TlsServerConfig.of(ca.server(DOMAIN))),
                ListenerConfig.plain(Transport.UDP, new InetSocketAddress("127.0.0.1", 0))),
            TransactionConfig.DEFAULTS,
            core);
    core.attach(server);
  }

  /** Every user exists; this is the password (RFC 3261 §22). */
  static String password(String user) {
    return user + "-secret";
  }

  /**
   * Trusts loopback, so phones call without digest over TLS (trust is connection-based; REGISTER is
   * always authenticated).
   */
  static ServerConfig trusting() {
    return ServerConfig.forDomain(DOMAIN)
        .withTrustedPeers(Set.of(InetAddress.getLoopbackAddress()));
  }

  static ServerConfig bestEffortTrusting() {
    return trusting().withPolicy(DOMAIN, TlsPolicy.BEST_EFFORT);
  }

  /** Nobody trusted: every request from our users is challenged. */
  static ServerConfig untrusted() {
    return ServerConfig.forDomain(DOMAIN).withPolicy(DOMAIN, TlsPolicy.BEST_EFFORT);
  }

  Destination proxy(Transport t) {
    return new Destination(t, server.transport().listener(t).orElseThrow().address(), DOMAIN);
  }

  /** A phone with no listener: it connects out over TLS only. */
  Phone natPhone(String user) {
    Phone p = new Phone(this, user, List.of());
    phones.add(p);
    return p;
  }

  /** A phone with a UDP listener (for registering over UDP). */
  Phone udpPhone(String user) {
    Phone p =
        new Phone(
            this,
            user,
            List.of(ListenerConfig.plain(Transport.UDP, new InetSocketAddress("127.0.0.1", 0))));
    phones.add(p);
    return p;
  }

  int next() {
    return counter.incrementAndGet();
  }

  @Override
  public void close() {
    phones.forEach(p -> p.stack.close());
    server.close();
  }

  static SipRequest parse(String text) {
    return io.sipher.message.testing.Wire.request(text);
  }

  /** A user agent on its own stack that records what reaches it. */
  static final class Phone implements TransactionUser {
    final ProxyFixture fixture;
    final String user;
    final SipStack stack;
    final String instance;
    final BlockingQueue<ServerTransaction> requests = new LinkedBlockingQueue<>();
    final BlockingQueue<SipRequest> acks = new LinkedBlockingQueue<>();
    final BlockingQueue<SipRequest> cancels = new LinkedBlockingQueue<>();
    final String tag;

    Phone(ProxyFixture fixture, String user, List<ListenerConfig> listeners) {
      this.fixture = fixture;
      this.user = user;
      this.stack =
          SipStack.start(fixture.transportConfig, listeners, TransactionConfig.DEFAULTS, this);
      int n = fixture.next();
      this.instance = String.format("00000000-0000-1000-8000-%012d", n);
      this.tag = user + "-tag" + n;
    }

    /** The port written in this phone's Via and Contact (the listener's, or a made-up one). */
    int port() {
      return stack.transport().listeners().stream()
          .findFirst()
          .map(l -> l.address().getPort())
          .orElse(5070 + (int) (Long.parseLong(instance.substring(24)) % 100));
    }

    String contact(Transport t) {
      String scheme = t == Transport.TLS ? "sips" : "sip";
      return scheme + ":" + user + "@127.0.0.1:" + port();
    }

    /**
     * Registers over {@code t} (an outbound binding over TLS, a plain one over UDP), answering the
     * digest challenge (RFC 3261 §22.2).
     */
    SipResponse register(Transport t) throws Exception {
      SipRequest first = registerRequest(t, null);
      SipResponse r = send(first, t).get(10, TimeUnit.SECONDS);
      if (r.statusCode() != 401) {
        return r;
      }
      SipRequest again = registerRequest(t, null);
      String credentials =
          new TestUa(user, password(user)).answer(TestUa.challenges(r).get(0), again);
      return send(registerRequest(t, credentials), t).get(10, TimeUnit.SECONDS);
    }

    SipRequest registerRequest(Transport t, String authorization) {
      boolean tls = t == Transport.TLS;
      String scheme = tls ? "sips" : "sip";
      String text =
          "REGISTER "
              + scheme
              + ":example.com SIP/2.0\n"
              + "Via: SIP/2.0/"
              + t.viaName()
              + " 127.0.0.1:"
              + port()
              + ";branch=z9hG4bK-r"
              + fixture.next()
              + ";rport\n"
              + "Max-Forwards: 70\n"
              + "From: <"
              + scheme
              + ":"
              + user
              + "@example.com>;tag="
              + tag
              + "\n"
              + "To: <"
              + scheme
              + ":"
              + user
              + "@example.com>\n"
              + "Call-ID: reg-"
              + instance
              + "\n"
              + "CSeq: "
              + fixture.next()
              + " REGISTER\n"
              + "Supported: outbound, path\n"
              + "Contact: <"
              + contact(t)
              + (tls ? ";ob>;+sip.instance=\"<urn:uuid:" + instance + ">\";reg-id=1" : ">")
              + "\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\n")
              + "Content-Length: 0\n\n";
      return parse(text);
    }

    /** Sends a request to the proxy in a client transaction; completes with the final response. */
    CompletableFuture<SipResponse> send(SipRequest request, Transport t) {
      return send(request, t, new LinkedBlockingQueue<>());
    }

    CompletableFuture<SipResponse> send(
        SipRequest request, Transport t, BlockingQueue<SipResponse> all) {
      CompletableFuture<SipResponse> done = new CompletableFuture<>();
      ClientTransaction tx =
          stack.sendRequest(
              request, fixture.proxy(t), ClientTransactionListener.completing(done, all::add));
      lastTx = tx;
      return done;
    }

    volatile ClientTransaction lastTx;

    /** An INVITE from this phone to {@code ruri}. */
    SipRequest invite(String ruri, String callId, int maxForwards) {
      return parse(
          "INVITE "
              + ruri
              + " SIP/2.0\n"
              + "Via: SIP/2.0/TLS 127.0.0.1:"
              + port()
              + ";branch=z9hG4bK-i"
              + fixture.next()
              + ";rport\n"
              + "Max-Forwards: "
              + maxForwards
              + "\n"
              + "From: <sips:"
              + user
              + "@example.com>;tag="
              + tag
              + "\n"
              + "To: <"
              + ruri
              + ">\n"
              + "Call-ID: "
              + callId
              + "\n"
              + "CSeq: 1 INVITE\n"
              + "Contact: <"
              + contact(Transport.TLS)
              + ";ob>\n"
              + "Content-Type: application/sdp\n"
              + "Content-Length: 0\n\n");
    }

    /** A response to a request that reached this phone, with our To tag. */
    SipResponse answer(SipRequest request, int code) {
      SipResponse.Editor e = SipResponse.forRequest(request, code, null);
      if (request.to().tag() == null) {
        e.set(HeaderName.TO, request.to().withTag(tag).toString());
      }
      if (code < 300 && request.isMethod("INVITE")) {
        e.add(HeaderName.CONTACT, "<" + contact(Transport.TLS) + ">");
        // §12.1.1: the UAS copies Record-Route into its 2xx and 1xx.
        request.headers().all(HeaderName.RECORD_ROUTE).forEach(e::add);
      }
      return e.build();
    }

    ServerTransaction nextRequest() throws InterruptedException {
      ServerTransaction tx = requests.poll(10, TimeUnit.SECONDS);
      if (tx == null) {
        throw new AssertionError(user + " got no request");
      }
      return tx;
    }

    @Override
    public void onRequest(ServerTransaction transaction, SipRequest request) {
      requests.add(transaction);
    }

    @Override
    public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
      // A UAS (§9.2): 200 to the CANCEL, 487 to the INVITE it cancels.
      cancels.add(cancel.request());
      cancel.respond(
          SipResponse.forRequest(cancel.request(), invite.isPresent() ? 200 : 481, null).build());
      invite.ifPresent(i -> i.respond(answer(i.request(), 487)));
    }

    @Override
    public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
      acks.add(ack);
    }

    @Override
    public void onStrayResponse(SipResponse response, Wire wire) {}
  }
}
