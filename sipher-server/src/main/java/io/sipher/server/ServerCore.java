package io.sipher.server;

import io.sipher.message.HeaderField;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.uri.SipUri;
import io.sipher.message.validate.MessageValidator;
import io.sipher.message.validate.ValidationPolicy;
import io.sipher.message.validate.Verdict;
import io.sipher.pki.SipIdentities;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.Outcome;
import io.sipher.server.proxy.Proxy;
import io.sipher.server.proxy.ProxyConfig;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrationContext;
import io.sipher.stack.FlowWire;
import io.sipher.stack.SipStack;
import io.sipher.stack.dns.ServerLocator;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Flow;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's transaction user: decides what each request is (for one of our domains or not, a
 * REGISTER, an OPTIONS to the server itself ...), applies the domain's TLS policy and digest
 * authentication, and hands registrations to the {@link Registrar}.
 *
 * <p>Requests for our users, in-dialog requests routed through us and (when allowed) requests for
 * other domains go to the {@link Proxy} (RFC 3261 §16). The proxy needs the stack to send, and the
 * stack needs this core as its transaction user, so the two are joined after both exist:
 *
 * <pre>{@code
 * ServerCore core = new ServerCore(config, auth, registrar);
 * SipStack stack = SipStack.start(transportConfig, listeners, TransactionConfig.DEFAULTS, core);
 * core.attach(stack); // or attach(stack, serverLocator) to reach host names (RFC 3263)
 * }</pre>
 *
 * <p>Until {@link #attach} is called, requests that would be proxied get 501 Not Implemented.
 *
 * <p><b>Who is challenged</b> (RFC 3261 §22.3, 407 Proxy-Authenticate): a request forwarded by the
 * proxy is challenged when its From names one of our domains, it is not ACK or CANCEL (§22.1), it
 * does not come from a trusted peer, and no Route we signed vouches for its dialog (a To tag alone
 * proves nothing: the server keeps no dialog state, so only our signed Record-Route does). The
 * authenticated user must be the From user. Trusted peers are trusted over connections only (TCP,
 * TLS, WS, WSS: a UDP source address is spoofable), and never for REGISTER, which is always
 * authenticated. Requests from other domains (calls coming in for our users) are not challenged. A
 * request whose next hop is not ours is relayed only when {@link ProxyConfig#relay()} is on and it
 * was authenticated as one of our users or came from a trusted peer; otherwise it gets 403
 * "relaying denied". Our own Routes are removed before deciding whether a request is for the server
 * itself (§16.4), so REGISTER through an outbound proxy setting reaches the registrar.
 */
public final class ServerCore implements TransactionUser {
  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

  private final ServerConfig config;
  private final DigestAuthenticator auth;
  private final Registrar registrar;
  private volatile Proxy proxy;

  /**
   * Maps a verified client-certificate identity ({@code sip:user@host}) to the user it was bound to
   * ({@code sipher user add --cert-identity}), or empty.
   */
  private volatile Function<String, Optional<String>> certificateUsers = id -> Optional.empty();

  public ServerCore(ServerConfig config, DigestAuthenticator auth, Registrar registrar) {
    this.config = config;
    this.auth = auth;
    this.registrar = registrar;
  }

  /**
   * Joins the core to the stack it is the transaction user of, so that the proxy can send. Call
   * once, right after {@link SipStack#start}. Host names in targets are not resolved.
   */
  /**
   * Lets a user prove who they are with a client certificate instead of a digest password: a
   * request over TLS whose peer certificate was verified (the listener asks for client
   * certificates) and names {@code sip:user@domain} bound to that user is taken as authenticated.
   *
   * @param lookup identity ({@code sip:user@host}) to user name
   */
  public void identifyUsersByCertificate(Function<String, Optional<String>> lookup) {
    this.certificateUsers = lookup;
  }

  /**
   * The user a verified client certificate on {@code flow} proves for {@code domain}, or null. The
   * certificate chain was checked during the handshake (SipTrustManager); here only its identity is
   * looked up.
   */
  private String certifiedUser(Flow flow, String domain) {
    SipIdentities ids = flow.transport().secure() ? flow.peerIdentities() : null;
    if (ids == null) {
      return null;
    }
    for (String userAtHost : ids.users()) {
      int at = userAtHost.lastIndexOf('@');
      if (at < 0 || !userAtHost.substring(at + 1).equalsIgnoreCase(domain)) {
        continue;
      }
      Optional<String> user = certificateUsers.apply("sip:" + userAtHost);
      if (user.isPresent()) {
        return user.get();
      }
    }
    return null;
  }

  public void attach(SipStack stack) {
    attach(stack, null);
  }

  /** As {@link #attach(SipStack)}, resolving host names in targets with {@code locator}. */
  public void attach(SipStack stack, ServerLocator locator) {
    if (proxy != null) {
      throw new IllegalStateException("already attached");
    }
    proxy =
        new Proxy(config.domains().keySet(), config.proxy(), stack, registrar::bindings, locator);
  }

  /** The proxy core, once {@link #attach attached}. */
  public Optional<Proxy> proxy() {
    return Optional.ofNullable(proxy);
  }

  @Override
  public void onRequest(ServerTransaction tx, SipRequest request) {
    try {
      SipResponse response = handle(tx, request);
      if (response == null) {
        return;
      }
      int code = response.statusCode();
      if (code == 401 || code == 407) {
        // RFC 3261 §8.2.7: a challenge is the stateless UAS's case in point. Over UDP nothing then
        // lingers for Timer J (half of all REGISTER transactions); a retransmitted request is
        // challenged again. An INVITE's challenge stays stateful until its ACK.
        tx.respondStatelessly(response);
      } else {
        tx.respond(response);
      }
    } catch (RuntimeException e) {
      log.error("failed on {} {}", request.method(), request.callId(), e);
      tx.respond(Responses.to(request, 500, "Server Internal Error").build());
    }
  }

  private static final MessageValidator LOCAL_VALIDATOR =
      new MessageValidator(ValidationPolicy.LOCAL);

  /** The response to send, or null when the proxy took the request over. */
  private SipResponse handle(ServerTransaction tx, SipRequest request) {
    Flow flow = tx.wire() instanceof FlowWire fw ? fw.flow() : null;
    if (flow == null) {
      // Every request the stack hands us arrived on a flow; without one nothing can be decided
      // about its source (trust, TLS policy, the binding's flow).
      return Responses.to(request, 403, "Forbidden (no flow)").build();
    }
    boolean overTls = flow.transport().secure();
    boolean sips = request.requestUri() instanceof SipUri u && u.isSecure();
    if (sips && !overTls) {
      // RFC 3261 §26.2.2 / RFC 5630 §3.1.3: a SIPS request travels TLS on every hop, this one
      // included.
      return Responses.to(request, 403, "Forbidden (a sips: request must arrive over TLS)").build();
    }
    SipResponse refused = tlsPolicy(request, overTls, sips);
    if (refused != null) {
      return refused;
    }
    Proxy p = proxy;
    // §16.4: our own Routes come off first (a phone with an outbound proxy sends its REGISTER with
    // Route: <sip:us;lr>); only with no Route left and our domain in the Request-URI is the request
    // for the server itself.
    SipRequest local = p == null ? request : p.withoutOurRoutes(request);
    String host = local.requestUri() instanceof SipUri u ? u.host() : null;
    boolean forUs =
        local.routes().isEmpty()
            && host != null
            && config.policy(host).isPresent()
            && (p == null || !p.strictRouted(request));
    if (!forUs) {
      return proxy(p, tx, request, flow);
    }
    SipUri ruri = (SipUri) local.requestUri();
    boolean register = local.isMethod("REGISTER");
    boolean options = local.isMethod("OPTIONS") && ruri.user() == null;
    if (register || options) {
      // §8.2 and §10.3 steps 1-2: the checks of a UAS (Require: 420 with Unsupported ...).
      Verdict v = LOCAL_VALIDATOR.validateRequest(local);
      if (v instanceof Verdict.Reject reject) {
        SipResponse.Editor e = Responses.to(request, reject.statusCode(), reject.reason());
        reject.headers().forEach(e::add);
        return e.build();
      }
      if (v instanceof Verdict.Discard) {
        return null;
      }
    }
    if (register) {
      return register(local, flow, host);
    }
    if (options) {
      // RFC 3261 §11.2: OPTIONS addressed to the server itself.
      return Responses.to(request, 200, null)
          .add(HeaderName.ALLOW, "REGISTER, OPTIONS")
          .add(HeaderName.ACCEPT, "application/sdp")
          .add(HeaderName.SUPPORTED, "outbound, path")
          .build();
    }
    if (ruri.user() == null) {
      // The domain itself is no user agent: only REGISTER and OPTIONS mean something (§8.2.1).
      return Responses.to(request, 405, null).add(HeaderName.ALLOW, "REGISTER, OPTIONS").build();
    }
    return proxy(p, tx, request, flow);
  }

  private SipResponse proxy(Proxy p, ServerTransaction tx, SipRequest request, Flow flow) {
    if (p == null) {
      return Responses.to(request, 501, "Not Implemented (proxy not attached)").build();
    }
    p.onRequest(tx, request, flow, this::gate);
    return null;
  }

  /**
   * ARCHITECTURE decision 5 for a request that did not arrive over TLS: the policy of the
   * Request-URI's domain and of the From domain when they are ours; when neither is, the strictest
   * policy of our domains (a request crossing this server is subject to its policy).
   */
  private SipResponse tlsPolicy(SipRequest request, boolean overTls, boolean sips) {
    if (overTls) {
      return null;
    }
    List<String> hosts = new ArrayList<>();
    if (request.requestUri() instanceof SipUri u && config.policy(u.host()).isPresent()) {
      hosts.add(u.host());
    }
    try {
      if (request.from().uri() instanceof SipUri u && config.policy(u.host()).isPresent()) {
        hosts.add(u.host());
      }
    } catch (RuntimeException e) {
      // an unparsable From: validation answers it
    }
    if (hosts.isEmpty()) {
      hosts.addAll(config.domains().keySet());
    }
    for (String h : hosts) {
      if (!config.policy(h).orElseThrow().accepts(false, sips)) {
        return Responses.to(
                request, 403, "Forbidden (domain " + h + " accepts requests over TLS only)")
            .build();
      }
    }
    return null;
  }

  /**
   * Trust by address only holds where the address is proven by a connection (TCP, TLS, WS, WSS): a
   * UDP source address is spoofed by anyone.
   */
  private boolean trusted(Flow flow) {
    return flow != null
        && flow.transport().reliable()
        && config.trustedPeers().contains(flow.remoteAddress().getAddress());
  }

  /** The authentication and relay rules of the class comment; null lets the request through. */
  private SipResponse gate(SipRequest request, Flow flow, boolean relaying, boolean dialog) {
    if (flow == null) {
      return Responses.to(request, 403, "Forbidden (no flow)").build();
    }
    InetAddress source = flow.remoteAddress().getAddress();
    boolean trusted = trusted(flow);
    SipUri from = request.from().uri() instanceof SipUri u ? u : null;
    boolean fromUs = from != null && config.policy(from.host()).isPresent();
    boolean challengeable =
        !request.isMethod(Methods.ACK) && !request.isMethod(Methods.CANCEL) && !dialog;
    boolean authenticated = false;
    String certified = fromUs && challengeable ? certifiedUser(flow, from.host()) : null;
    if (certified != null) {
      if (!certified.equals(from.decodedUser())) {
        return Responses.to(request, 403, "Forbidden (From is not the certificate's user)").build();
      }
      authenticated = true;
    } else if (fromUs && challengeable && !trusted) {
      String realm = from.host().toLowerCase(Locale.ROOT);
      Outcome outcome = auth.authenticate(request, realm, true, source);
      if (outcome instanceof Outcome.Challenge c) {
        return c.response();
      }
      if (outcome instanceof Outcome.Refused r) {
        return r.response();
      }
      String user = ((Outcome.Authenticated) outcome).user();
      if (!user.equals(from.decodedUser())) {
        return Responses.to(request, 403, "Forbidden (From is not the authenticated user)").build();
      }
      authenticated = true;
    }
    if (relaying && !(config.proxy().relay() && (authenticated || trusted && fromUs))) {
      return Responses.to(request, 403, "Forbidden (relaying denied)").build();
    }
    return null;
  }

  /** §10.3: always authenticated, trusted peer or not: trust never covers binding an AOR. */
  private SipResponse register(SipRequest request, Flow flow, String domain) {
    InetAddress source = flow.remoteAddress().getAddress();
    String certified = certifiedUser(flow, domain);
    if (certified != null) {
      // The certificate proved the user (§22 leaves the mechanism open; RFC 5922 §5 mutual TLS).
      return registrar.register(
          withoutOurPath(request),
          new RegistrationContext(
              flow.token(),
              flow.transport().viaName(),
              source.getHostAddress() + ":" + flow.remoteAddress().getPort(),
              certified));
    }
    Outcome outcome = auth.authenticate(request, domain.toLowerCase(Locale.ROOT), false, source);
    if (outcome instanceof Outcome.Challenge c) {
      return c.response();
    }
    if (outcome instanceof Outcome.Refused r) {
      return r.response();
    }
    Outcome.Authenticated authenticated = (Outcome.Authenticated) outcome;
    RegistrationContext context =
        new RegistrationContext(
            flow.token(),
            flow.transport().viaName(),
            source.getHostAddress() + ":" + flow.remoteAddress().getPort(),
            authenticated.user());
    SipResponse response = registrar.register(withoutOurPath(request), context);
    if (response.statusCode() / 100 == 2) {
      response = authenticated.addAuthenticationInfo(response.edit()).build();
    }
    return response;
  }

  /**
   * RFC 3327 §5.3: a Path entry naming us can only have been written by the UA itself (we insert
   * none), and it would make our flow tokens (another user's flow) the route to this binding.
   */
  private SipRequest withoutOurPath(SipRequest request) {
    Proxy p = proxy;
    List<HeaderField> path = request.headers().all(HeaderName.PATH);
    if (p == null || path.isEmpty()) {
      return request;
    }
    List<io.sipher.message.header.Address> kept = new ArrayList<>();
    boolean dropped = false;
    for (io.sipher.message.header.Address a : request.all(SipHeaders.PATH)) {
      if (p.isUs(a.uri())) {
        dropped = true;
      } else {
        kept.add(a);
      }
    }
    if (!dropped) {
      return request;
    }
    SipRequest.Editor e = request.edit().remove(HeaderName.PATH);
    kept.forEach(a -> e.add(HeaderName.PATH, a.toString()));
    return e.build();
  }

  @Override
  public void onCancel(ServerTransaction cancel, Optional<InviteServerTransaction> invite) {
    Proxy p = proxy;
    if (p != null && invite.isPresent()) {
      p.onCancel(cancel, invite.get()); // §16.10
      return;
    }
    // §9.2: 481 when nothing matches. (§16.10 would forward an unmatched CANCEL statelessly; a
    // stateful proxy always has the INVITE's transaction while it could still matter.)
    cancel.respond(Responses.to(cancel.request(), invite.isPresent() ? 200 : 481, null).build());
  }

  @Override
  public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
    Proxy p = proxy;
    if (p != null) {
      p.onAck(ack, wire instanceof FlowWire fw ? fw.flow() : null); // §16.11
    }
  }

  @Override
  public void onStrayResponse(SipResponse response, Wire wire) {
    Proxy p = proxy;
    if (p != null) {
      p.onStrayResponse(response); // §16.7 step 3, §16.11
    } else {
      log.debug("stray {} response dropped", response.statusCode());
    }
  }
}
