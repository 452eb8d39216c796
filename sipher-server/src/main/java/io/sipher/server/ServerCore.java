package io.sipher.server;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.uri.SipUri;
import io.sipher.server.auth.DigestAuthenticator;
import io.sipher.server.auth.Outcome;
import io.sipher.server.registrar.Registrar;
import io.sipher.server.registrar.RegistrationContext;
import io.sipher.stack.FlowWire;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.TransactionUser;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Flow;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's transaction user: decides what each request is (for one of our domains or not, a
 * REGISTER, an OPTIONS to the server itself ...), applies the domain's TLS policy and digest
 * authentication, and hands registrations to the {@link Registrar}.
 *
 * <p>Partial: the proxy core (RFC 3261 §16) is not built yet, so requests that would be proxied
 * (calls, messages, requests for other domains) are answered with 501 Not Implemented.
 */
public final class ServerCore implements TransactionUser {
  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

  private final ServerConfig config;
  private final DigestAuthenticator auth;
  private final Registrar registrar;

  public ServerCore(ServerConfig config, DigestAuthenticator auth, Registrar registrar) {
    this.config = config;
    this.auth = auth;
    this.registrar = registrar;
  }

  @Override
  public void onRequest(ServerTransaction tx, SipRequest request) {
    try {
      tx.respond(handle(tx, request));
    } catch (RuntimeException e) {
      log.error("failed on {} {}", request.method(), request.callId(), e);
      tx.respond(Responses.to(request, 500, "Server Internal Error").build());
    }
  }

  private SipResponse handle(ServerTransaction tx, SipRequest request) {
    Flow flow = tx.wire() instanceof FlowWire fw ? fw.flow() : null;
    boolean overTls = flow != null && flow.transport().secure();
    boolean sips = request.requestUri() instanceof SipUri u && u.isSecure();
    if (sips && !overTls) {
      // RFC 3261 §26.2.2 / RFC 5630 §3.1.3: a SIPS request travels TLS on every hop, this one
      // included.
      return Responses.to(request, 403, "Forbidden (a sips: request must arrive over TLS)").build();
    }
    String host = request.requestUri() instanceof SipUri u ? u.host() : null;
    Optional<TlsPolicy> policy = host == null ? Optional.empty() : config.policy(host);
    if (policy.isEmpty()) {
      return Responses.to(request, 501, "Not Implemented (proxying to other domains not built yet)")
          .build();
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
    return Responses.to(request, 501, "Not Implemented (the proxy is not built yet)").build();
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
    // Every request is answered at once, so no INVITE is ever pending here (§9.2).
    cancel.respond(Responses.to(cancel.request(), invite.isPresent() ? 200 : 481, null).build());
  }

  @Override
  public void onAck(SipRequest ack, Wire wire, Optional<InviteServerTransaction> invite) {
    // ACKs for 2xx only matter to a proxy, which is not built yet.
  }

  @Override
  public void onStrayResponse(SipResponse response, Wire wire) {
    log.debug("stray {} response dropped", response.statusCode());
  }
}
