package io.sipher.server;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import io.sipher.message.uri.SipUri;
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
import java.util.Locale;
import java.util.Optional;
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
 * is not inside a dialog (no To tag: in-dialog requests follow a dialog whose INVITE was
 * challenged, and phones do not expect 407 on a BYE), and it does not come from a trusted peer. The
 * authenticated user must be the From user. Requests from other domains (calls coming in for our
 * users) are not challenged. A request for a domain that is not ours is relayed only when {@link
 * ProxyConfig#relay()} is on and it was authenticated as one of our users or came from a trusted
 * peer; otherwise it gets 403 "relaying denied".
 */
public final class ServerCore implements TransactionUser {
  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

  private final ServerConfig config;
  private final DigestAuthenticator auth;
  private final Registrar registrar;
  private volatile Proxy proxy;

  public ServerCore(ServerConfig config, DigestAuthenticator auth, Registrar registrar) {
    this.config = config;
    this.auth = auth;
    this.registrar = registrar;
  }

  /**
   * Joins the core to the stack it is the transaction user of, so that the proxy can send. Call
   * once, right after {@link SipStack#start}. Host names in targets are not resolved.
   */
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
      if (response != null) {
        tx.respond(response);
      }
    } catch (RuntimeException e) {
      log.error("failed on {} {}", request.method(), request.callId(), e);
      tx.respond(Responses.to(request, 500, "Server Internal Error").build());
    }
  }

  /** The response to send, or null when the proxy took the request over. */
  private SipResponse handle(ServerTransaction tx, SipRequest request) {
    Flow flow = tx.wire() instanceof FlowWire fw ? fw.flow() : null;
    boolean overTls = flow != null && flow.transport().secure();
    boolean sips = request.requestUri() instanceof SipUri u && u.isSecure();
    if (sips && !overTls) {
      // RFC 3261 §26.2.2 / RFC 5630 §3.1.3: a SIPS request travels TLS on every hop, this one
      // included.
      return Responses.to(request, 403, "Forbidden (a sips: request must arrive over TLS)").build();
    }
    Proxy p = proxy;
    if (p != null && p.routedThroughUs(request)) {
      // §16.4: a Route of ours (usually our Record-Route in a dialog) decides, not the domain.
      p.onRequest(tx, request, flow, this::gate);
      return null;
    }
    String host = request.requestUri() instanceof SipUri u ? u.host() : null;
    Optional<TlsPolicy> policy = host == null ? Optional.empty() : config.policy(host);
    if (policy.isEmpty()) {
      if (p != null) {
        p.onRequest(tx, request, flow, this::gate); // another domain: the gate decides relaying
        return null;
      }
      return Responses.to(request, 501, "Not Implemented (proxy not attached)").build();
    }
    if (!policy.get().accepts(overTls, sips)) {
      return Responses.to(
              request, 403, "Forbidden (domain " + host + " accepts requests over TLS only)")
          .build();
    }
    SipUri ruri = (SipUri) request.requestUri();
    if (request.isMethod("REGISTER")) {
      return register(request, flow, host);
    }
    if (request.isMethod("OPTIONS") && ruri.user() == null) {
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
    if (p == null) {
      return Responses.to(request, 501, "Not Implemented (proxy not attached)").build();
    }
    p.onRequest(tx, request, flow, this::gate);
    return null;
  }

  /** The authentication and relay rules of the class comment; null lets the request through. */
  private SipResponse gate(SipRequest request, Flow flow, boolean relaying) {
    InetAddress source = flow == null ? null : flow.remoteAddress().getAddress();
    boolean trusted = source != null && config.trustedPeers().contains(source);
    SipUri from = request.from().uri() instanceof SipUri u ? u : null;
    boolean fromUs = from != null && config.policy(from.host()).isPresent();
    boolean inDialog = request.to().tag() != null;
    boolean challengeable =
        !request.isMethod(Methods.ACK) && !request.isMethod(Methods.CANCEL) && !inDialog;
    boolean authenticated = false;
    if (fromUs && challengeable && !trusted) {
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

  private SipResponse register(SipRequest request, Flow flow, String domain) {
    InetAddress source = flow == null ? null : flow.remoteAddress().getAddress();
    String user = null;
    Outcome.Authenticated authenticated = null;
    if (source == null || !config.trustedPeers().contains(source)) {
      Outcome outcome =
          auth.authenticate(request, domain.toLowerCase(java.util.Locale.ROOT), false, source);
      if (outcome instanceof Outcome.Challenge c) {
        return c.response();
      }
      if (outcome instanceof Outcome.Refused r) {
        return r.response();
      }
      authenticated = (Outcome.Authenticated) outcome;
      user = authenticated.user();
    }
    RegistrationContext context =
        new RegistrationContext(
            flow == null ? null : flow.token(),
            flow == null ? null : flow.transport().viaName(),
            flow == null
                ? null
                : flow.remoteAddress().getAddress().getHostAddress()
                    + ":"
                    + flow.remoteAddress().getPort(),
            user);
    SipResponse response = registrar.register(request, context);
    if (authenticated != null && response.statusCode() / 100 == 2) {
      response = authenticated.addAuthenticationInfo(response.edit()).build();
    }
    return response;
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
