package io.sipher.server.proxy;

import io.sipher.message.HeaderField;
import io.sipher.message.SipMessage;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.Credentials;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Methods;
import io.sipher.message.header.Via;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.uri.SipUri;
import io.sipher.message.validate.MessageValidator;
import io.sipher.message.validate.ValidationPolicy;
import io.sipher.message.validate.Verdict;
import io.sipher.server.Responses;
import io.sipher.server.registrar.Binding;
import io.sipher.server.registrar.Registrar;
import io.sipher.stack.SipStack;
import io.sipher.stack.dns.ServerLocator;
import io.sipher.stack.transaction.InviteServerTransaction;
import io.sipher.stack.transaction.ServerTransaction;
import io.sipher.stack.transaction.Wire;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.Transport;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful proxy core (RFC 3261 §16) for the domains of this server: it validates a request
 * (§16.3), processes its Route (§16.4), finds the targets (§16.5: the location service for our
 * users, the Request-URI or next Route otherwise), forwards a copy to each (§16.6) over the flow
 * the callee registered on when there is one (RFC 5626 §5.3), and passes responses back through a
 * {@link ResponseContext} (§16.7). ACKs for 2xx and stray 2xx responses are forwarded statelessly
 * (§16.11).
 *
 * <p><b>Targets.</b> All bindings of the highest q value are tried in parallel; lower q groups are
 * not tried (no sequential search, §16.6 step 10 leaves the order to the proxy). A binding with a
 * live flow is reached over it, never over a new connection (ARCHITECTURE decision 3); one without
 * is reached at its Path (RFC 3327 §5.3) or Contact address. Host names in those need a {@link
 * ServerLocator} (RFC 3263); without one such bindings are skipped.
 *
 * <p><b>SIPS</b> (RFC 5630): a {@code sips:} Request-URI goes only to {@code sips:} contacts over
 * TLS flows; when that leaves nothing, the answer is 480 with Warning 380 "SIPS Not Allowed" (RFC
 * 5630 §3.1.3, and the warning's definition in its IANA section).
 *
 * <p><b>Record-Route</b> (§16.6 step 4) goes into dialog-creating requests (INVITE, SUBSCRIBE,
 * REFER, NOTIFY without To tag). Each entry faces one side and carries, in its user part, the token
 * of the flow toward that side (RFC 5626 §5.3). Two entries are inserted (RFC 5658 double
 * record-routing) when the transports of the two sides differ, and also whenever the callee is
 * reached over a flow, so that requests in either direction find their flow: when a request comes
 * back with our Route entries, the last one removed names the side it leaves toward. With one entry
 * (callee reached by address, same transport), a token that names the flow the request came in on
 * means "toward the other side", which is the Request-URI.
 */
public final class Proxy {
  private static final Logger log = LoggerFactory.getLogger(Proxy.class);
  private static final Set<String> DIALOG_CREATING =
      Set.of(Methods.INVITE, Methods.SUBSCRIBE, "REFER", Methods.NOTIFY);
  private static final MessageValidator VALIDATOR =
      new MessageValidator(ValidationPolicy.FORWARDING);

  /**
   * What the server core decides before anything is forwarded: authentication (§22.3) and whether a
   * request may leave our domains.
   */
  public interface Gate {
    /**
     * @param relaying whether the request leaves our domains: its next hop (next Route, else the
     *     Request-URI) is not ours and no signed Route of ours sends it along a dialog we
     *     record-routed. Where the request came from (a Route of ours popped or not) does not
     *     count.
     * @param dialog whether the Route we removed carries our valid signature for this dialog
     *     (Call-ID and tags) and the request goes where that Route says: the only proof that a
     *     request belongs to a dialog we record-routed, since the server keeps no dialog state
     * @return null to forward the request; else the response to send instead
     */
    SipResponse check(SipRequest request, Flow inbound, boolean relaying, boolean dialog);
  }

  private final Set<String> domains;
  private final ProxyConfig config;
  private final SipStack stack;
  private final Function<String, List<Binding>> bindings;
  private final ServerLocator locator;
  private final Hops hops;
  private final Map<InviteServerTransaction, ResponseContext> byInvite = new ConcurrentHashMap<>();
  private final Map<String, ResponseContext> byBranch = new ConcurrentHashMap<>();
  // Branches of answered INVITEs, for 64*T1: where a late 2xx from one goes upstream (see forget).
  private final Map<String, Wire> answeredInviteBranches = new ConcurrentHashMap<>();

  /**
   * @param domains our domains, lower case
   * @param bindings the bindings of a canonical AOR, as {@link Registrar#bindings} gives them
   * @param locator for host names in targets (RFC 3263); null to reach IP addresses only
   */
  public Proxy(
      Set<String> domains,
      ProxyConfig config,
      SipStack stack,
      Function<String, List<Binding>> bindings,
      ServerLocator locator) {
    this.domains = Set.copyOf(domains);
    this.config = config;
    this.stack = stack;
    this.bindings = bindings;
    this.locator = locator;
    byte[] secret = config.routeSecret();
    if (secret == null) {
      secret = new byte[32];
      new SecureRandom().nextBytes(secret);
    }
    this.hops = new Hops(this.domains, stack.transport(), config.recordRouteHost(), secret);
  }

  /** How many INVITEs are being proxied now (response contexts with a branch pending). */
  public int pendingInvites() {
    return byInvite.size();
  }

  /**
   * Whether the Request-URI is a Record-Route URI of ours put there by a strict router (§16.4):
   * such a request is always the proxy's, never the server's own.
   */
  public boolean strictRouted(SipRequest r) {
    try {
      return !r.routes().isEmpty()
          && r.requestUri() instanceof SipUri u
          && u.isLooseRouter()
          && hops.isUs(u);
    } catch (SipParseException e) {
      return false;
    }
  }

  /**
   * The request with every Route value naming us removed from the top (§16.4): what is left tells
   * whether it is for the server itself (no Route left, Request-URI our domain) or for the proxy.
   */
  public SipRequest withoutOurRoutes(SipRequest r) {
    try {
      while (!r.routes().isEmpty() && hops.isUs(r.routes().get(0).uri())) {
        r = r.edit().popRoute().build();
      }
    } catch (SipParseException e) {
      // an unparsable Route: the proxy's validation answers it
    }
    return r;
  }

  /** Whether {@code uri} names this server (§16.4): a domain of ours or a listener's address. */
  public boolean isUs(Object uri) {
    return uri instanceof io.sipher.message.uri.Uri u && hops.isUs(u);
  }

  // ---- requests ------------------------------------------------------------------------------

  /** Proxies a request (anything but ACK and CANCEL), answering it when it cannot be forwarded. */
  public void onRequest(ServerTransaction tx, SipRequest request, Flow inbound, Gate gate) {
    Verdict v = VALIDATOR.validateRequest(request);
    if (v instanceof Verdict.Reject reject) {
      SipResponse.Editor e = Responses.to(request, reject.statusCode(), reject.reason());
      reject.headers().forEach(e::add);
      tx.respond(e.build());
      return;
    }
    if (hops.looped(request)) {
      tx.respond(Responses.to(request, 482, null).build()); // §16.3 item 4
      return;
    }
    String inconsistent = sipsInconsistency(request);
    if (inconsistent != null) {
      tx.respond(Responses.to(request, 400, "Bad Request (" + inconsistent + ")").build());
      return;
    }
    Routed routed = route(request, inbound);
    Plan plan;
    try {
      plan = plan(routed, inbound, gate);
    } catch (Answer a) {
      tx.respond(a.response);
      return;
    }
    forward(tx, routed, plan, inbound);
  }

  /** A response that ends processing instead of forwarding. */
  private static final class Answer extends Exception {
    final transient SipResponse response;

    Answer(SipResponse response) {
      super(null, null, false, false);
      this.response = response;
    }
  }

  /**
   * The request after §16.4 Route processing, and what the removed Routes said: the flow to leave
   * on (only from a Route we signed), and whether a signed Route vouches for the request's dialog.
   */
  private record Routed(SipRequest request, String exitToken, boolean dialog) {}

  /** Where copies of the request go: each target, with its retargeted Request-URI or null. */
  private record Plan(List<Target> targets, boolean recordRoute) {}

  private record Target(
      SipUri requestUri, List<String> path, Flow flow, Destination destination, SipUri locate) {
    Transport transport() {
      if (flow != null) {
        return flow.transport();
      }
      if (destination != null) {
        return destination.transport();
      }
      return locate.isSecure() ? Transport.TLS : Transport.UDP;
    }
  }

  /** §16.4: strict-router fix-up, then every Route of ours removed from the top. */
  private Routed route(SipRequest request, Flow inbound) {
    SipRequest r = request;
    if (!r.routes().isEmpty() && strictRouted(r)) {
      // The previous hop was a strict router: our Record-Route URI is in the Request-URI and the
      // real one is the last Route value.
      List<Address> routes = r.routes();
      SipRequest.Editor e = r.edit().requestUri(routes.get(routes.size() - 1).uri());
      e.remove(HeaderName.ROUTE);
      for (Address a : routes.subList(0, routes.size() - 1)) {
        e.add(HeaderName.ROUTE, a.toString());
      }
      r = e.build();
    }
    SipUri last = null;
    while (!r.routes().isEmpty() && hops.isUs(r.routes().get(0).uri())) {
      last = (SipUri) r.routes().get(0).uri();
      r = r.edit().popRoute().build();
    }
    if (last == null) {
      return new Routed(r, null, false);
    }
    // The last Route of ours removed names the side the request leaves toward (class comment).
    // Only a signature of ours over this dialog makes its flow token or its peer count (item: a
    // token is no capability: RFC 5626 §5.2).
    String token = last.user();
    boolean backwards = token != null && inbound != null && token.equals(inbound.token());
    if (token != null && !backwards && hops.signedFor(last, r, null)) {
      return new Routed(r, token, true);
    }
    Object next = r.routes().isEmpty() ? r.requestUri() : r.routes().get(0).uri();
    boolean toPeer = next instanceof SipUri n && hops.signedFor(last, r, Hops.peerKey(n));
    return new Routed(r, null, toPeer);
  }

  private Plan plan(Routed routed, Flow inbound, Gate gate) throws Answer {
    SipRequest r = routed.request();
    boolean rr = config.recordRoute() && isDialogCreating(r);
    boolean dialog = routed.dialog();
    if (routed.exitToken() != null) {
      gate(gate, r, inbound, false, true);
      Flow flow = stack.transport().flow(routed.exitToken()).orElse(null);
      if (flow == null) {
        // RFC 5626 §5.3: the flow the Route names is gone.
        throw new Answer(Responses.to(r, 430, "Flow Failed").build());
      }
      return new Plan(List.of(new Target(null, List.of(), flow, null, null)), rr);
    }
    if (!r.routes().isEmpty()) {
      // §16.4 and item "no open relay": where the request goes decides, not where it came from.
      gate(gate, r, inbound, !dialog && !ourDomain(r.routes().get(0).uri()), dialog);
      return new Plan(List.of(reachable(r, r.routes().get(0).uri())), rr);
    }
    if (!(r.requestUri() instanceof SipUri ruri)) {
      throw new Answer(Responses.to(r, 416, "Unsupported URI Scheme").build());
    }
    if (ourDomain(ruri) && ruri.user() != null) {
      gate(gate, r, inbound, false, dialog);
      return new Plan(locate(r, ruri), rr);
    }
    if (ourDomain(ruri) || hops.isUs(ruri)) {
      throw new Answer(Responses.to(r, 404, "Not Found").build());
    }
    gate(gate, r, inbound, !dialog, dialog);
    return new Plan(List.of(reachable(r, ruri)), rr);
  }

  private static void gate(Gate gate, SipRequest r, Flow inbound, boolean relaying, boolean dialog)
      throws Answer {
    SipResponse refused = gate.check(r, inbound, relaying, dialog);
    if (refused != null) {
      throw new Answer(refused);
    }
  }

  private boolean ourDomain(Object uri) {
    return uri instanceof SipUri u && domains.contains(u.host().toLowerCase(Locale.ROOT));
  }

  private static boolean isDialogCreating(SipRequest r) {
    return DIALOG_CREATING.contains(r.method()) && r.to().tag() == null;
  }

  /**
   * A target reached by URI alone: an IP address, or RFC 3263 when a locator is there; null when
   * the URI names a host we cannot resolve.
   */
  private Target toUri(SipUri requestUri, Object next) {
    if (!(next instanceof SipUri u)) {
      return null;
    }
    Optional<Destination> d = Hops.destinationOf(u);
    if (d.isPresent()) {
      return new Target(requestUri, List.of(), null, d.get(), null);
    }
    return locator == null ? null : new Target(requestUri, List.of(), null, null, u);
  }

  private Target reachable(SipRequest r, Object next) throws Answer {
    Target t = toUri(null, next);
    if (t == null) {
      throw new Answer(Responses.to(r, 404, "Not Found (cannot resolve " + next + ")").build());
    }
    return t;
  }

  /**
   * RFC 5626 §5.3: a UA instance that registered over several flows (reg-id 1, 2 ...) gets a
   * request over one of them, the most recently refreshed, not once per flow; the others are there
   * for when that one fails.
   */
  private static List<Binding> onePerInstance(List<Binding> live) {
    java.util.Map<String, Binding> newest = new java.util.HashMap<>();
    for (Binding b : live) {
      if (b.instanceId() != null && b.regId() > 0) {
        newest.merge(b.instanceId(), b, (x, y) -> y.updated().isAfter(x.updated()) ? y : x);
      }
    }
    List<Binding> out = new ArrayList<>();
    for (Binding b : live) {
      boolean outbound = b.instanceId() != null && b.regId() > 0;
      if (!outbound || newest.get(b.instanceId()) == b) {
        out.add(b);
      }
    }
    return out;
  }

  /** §16.5: the target set of one of our users from the location service. */
  private List<Target> locate(SipRequest r, SipUri ruri) throws Answer {
    List<Binding> live = new ArrayList<>();
    for (Binding b : bindings.apply(Registrar.canonicalAor(ruri))) {
      boolean outbound = b.instanceId() != null && b.regId() > 0;
      boolean flowAlive =
          b.flowToken() != null && stack.transport().flow(b.flowToken()).isPresent();
      if (!outbound || flowAlive) {
        live.add(b); // RFC 5626 §5.3: an outbound binding is reachable over its flow only
      }
    }
    live = onePerInstance(live);
    int bestQ = live.stream().mapToInt(Binding::qMillis).max().orElse(0);
    List<Target> targets = new ArrayList<>();
    boolean sipsRefused = false;
    boolean sipsRequired = false;
    for (Binding b : live) {
      if (b.qMillis() != bestQ) {
        continue;
      }
      SipUri contact;
      try {
        contact = SipUri.parse(b.contactUri());
      } catch (SipParseException e) {
        continue;
      }
      Flow flow = b.flowToken() == null ? null : stack.transport().flow(b.flowToken()).orElse(null);
      boolean outbound = b.instanceId() != null && b.regId() > 0;
      if (flow != null && !outbound && !behindTheFlow(contact, flow)) {
        // A plain binding whose Contact is an address of its own (a third-party registration, a
        // phone with its own listener) is reached at that Contact, RFC 3261 §16.5; the flow is
        // only the way in when the Contact cannot be reached directly (below).
        flow = null;
      }
      if (ruri.isSecure() && (!contact.isSecure() || flow != null && !flow.transport().secure())) {
        sipsRefused = true; // RFC 5630 §3.1.3: no SIPS request over a hop that is not TLS
        continue;
      }
      if (!ruri.isSecure() && contact.isSecure()) {
        // RFC 5630 §3.1.3: a sip: request is not turned into a sips: one on the way; a contact
        // registered as SIPS only takes SIPS requests.
        sipsRequired = true;
        continue;
      }
      if (flow != null) {
        targets.add(new Target(contact, b.path(), flow, null, null));
        continue;
      }
      Target t;
      try {
        t = toUri(contact, b.path().isEmpty() ? contact : Address.parse(b.path().get(0)).uri());
      } catch (SipParseException e) {
        t = null;
      }
      if (t == null) {
        log.debug("binding {} of {} is unreachable", b.contactUri(), b.aor());
        continue;
      }
      targets.add(new Target(contact, b.path(), null, t.destination(), t.locate()));
    }
    if (targets.isEmpty()) {
      throw new Answer(unavailable(r, sipsRefused, sipsRequired));
    }
    return targets;
  }

  /**
   * Whether a plain (non-outbound) binding is only reachable over the flow it registered on: its
   * Contact names the flow's own source, a private or link-local address (the phone is behind NAT),
   * or no address at all (a name such as {@code phone.invalid}).
   */
  private static boolean behindTheFlow(SipUri contact, Flow flow) {
    java.net.InetAddress host;
    try {
      host =
          io.netty.util.NetUtil.isValidIpV4Address(contact.hostPort().address())
                  || io.netty.util.NetUtil.isValidIpV6Address(contact.hostPort().address())
              ? java.net.InetAddress.getByName(contact.hostPort().address())
              : null;
    } catch (java.net.UnknownHostException e) {
      host = null;
    }
    if (host == null) {
      return true;
    }
    if (host.isSiteLocalAddress() || host.isLinkLocalAddress()) {
      return true;
    }
    java.net.InetSocketAddress remote = flow.remoteAddress();
    int port = contact.port() >= 0 ? contact.port() : flow.transport().defaultPort();
    return host.equals(remote.getAddress()) && port == remote.getPort();
  }

  /**
   * 480, with Warning 380 "SIPS Not Allowed" when a SIPS request found only contacts it may not
   * use, and 381 "SIPS Required" when a sip: request found only SIPS contacts (RFC 5630 §3.1.3).
   */
  private SipResponse unavailable(SipRequest r, boolean sipsRefused, boolean sipsRequired) {
    SipResponse.Editor e = Responses.to(r, 480, "Temporarily Unavailable");
    if (sipsRefused) {
      e.add(HeaderName.WARNING, "380 " + agent() + " \"SIPS Not Allowed\"");
    }
    if (sipsRequired) {
      e.add(HeaderName.WARNING, "381 " + agent() + " \"SIPS Required\"");
    }
    return e.build();
  }

  /**
   * RFC 3261 §26.2.2 and RFC 5630 §3.1.3: a {@code sips:} request leaves only over TLS, whatever
   * chose the hop (location service, preloaded Route, a foreign Request-URI with transport or
   * maddr, a flow token).
   */
  private static boolean secureEnough(SipRequest r, Target t) {
    boolean sips =
        r.requestUri() instanceof SipUri u && u.isSecure()
            || t.requestUri() != null && t.requestUri().isSecure();
    return !sips || t.transport().secure();
  }

  /**
   * §22.3: the Proxy-Authorization values for our realms were meant for us and are consumed here;
   * those for other realms go on.
   */
  private SipRequest withoutOurCredentials(SipRequest r) {
    List<HeaderField> all = r.headers().all(HeaderName.PROXY_AUTHORIZATION);
    if (all.isEmpty()) {
      return r;
    }
    SipRequest.Editor e = r.edit().remove(HeaderName.PROXY_AUTHORIZATION);
    for (HeaderField f : all) {
      String realm;
      try {
        realm = Credentials.parse(f.value()).realm();
      } catch (RuntimeException ex) {
        realm = null;
      }
      if (realm == null || !domains.contains(realm.toLowerCase(Locale.ROOT))) {
        e.add(f);
      }
    }
    return e.build();
  }

  private String agent() {
    return config.recordRouteHost() != null ? config.recordRouteHost() : domains.iterator().next();
  }

  // ---- forwarding (§16.6) --------------------------------------------------------------------

  private void forward(ServerTransaction tx, Routed routed, Plan plan, Flow inbound) {
    SipRequest original = tx.request();
    SipRequest base = withoutOurCredentials(routed.request());
    List<Target> targets = plan.targets().stream().filter(t -> secureEnough(base, t)).toList();
    if (targets.isEmpty()) {
      tx.respond(unavailable(original, true, false));
      return;
    }
    ResponseContext ctx =
        new ResponseContext(
            tx,
            original,
            stack.transactions().scheduler(),
            config.timerC(),
            stack.transactions().config().timeout(),
            this::forget);
    if (tx instanceof InviteServerTransaction ist) {
      byInvite.put(ist, ctx); // before any branch is sent: a CANCEL may come at once (§16.10)
    }
    for (Target t : targets) {
      String branch = hops.branch(original);
      SipRequest copy = copy(base, t, inbound, branch, plan.recordRoute());
      // The peer this branch's Record-Route signs: the host the copy went to by address (null over
      // a flow). A 2xx names the callee's real remote target in its Contact, so our entries are
      // signed again for that host on the way back (§16.7 step 9 lets us rewrite our own value).
      String peer =
          t.flow() == null
              ? Hops.peerKey(t.requestUri() != null ? t.requestUri() : (SipUri) copy.requestUri())
              : null;
      // Only this stays with the branch once the context is done (a late 2xx): not the plan.
      UnaryOperator<SipResponse> on2xx =
          plan.recordRoute() ? response -> hops.resign(response, peer) : UnaryOperator.identity();
      ctx.addBranch(
          branch,
          on2xx,
          listener -> {
            if (t.flow() != null) {
              return stack.sendRequest(copy, t.flow(), listener);
            }
            if (t.destination() != null) {
              return stack.sendRequest(copy, t.destination(), listener);
            }
            stack
                .sendRequest(copy, t.locate(), locator, listener)
                .exceptionally(
                    e -> {
                      listener.onTransportError(null, e);
                      return null;
                    });
            return null;
          });
      byBranch.put(branch, ctx);
    }
    ctx.start();
  }

  /** A context whose branches are all done: kept 64×T1 more for stray 2xx, then dropped. */
  private void forget(ResponseContext ctx) {
    if (ctx.server instanceof InviteServerTransaction ist) {
      byInvite.remove(ist, ctx);
    }
    List<String> branches = ctx.branchIds();
    branches.forEach(b -> byBranch.remove(b, ctx));
    if (!ctx.isInvite()) {
      return; // only an INVITE's 2xx can come late (§16.7 step 3)
    }
    // The answered context, with both requests and its branches, is not kept for the 64*T1 that
    // late 2xx may take: at a thousand calls per second that was 32,000 contexts for the collector
    // to copy. Where a late 2xx goes upstream is all that is needed.
    Wire upstream = ctx.server.wire();
    branches.forEach(b -> answeredInviteBranches.put(b, upstream));
    stack
        .transactions()
        .scheduler()
        .schedule(
            stack.transactions().config().timeout(),
            () -> branches.forEach(b -> answeredInviteBranches.remove(b, upstream)));
  }

  /** §16.6 steps 1-8: the copy of the request for one target. */
  private SipRequest copy(
      SipRequest r, Target t, Flow inbound, String branch, boolean recordRoute) {
    SipRequest.Editor e = r.edit();
    if (t.requestUri() != null) {
      e.requestUri(t.requestUri()); // step 2
    }
    int mf = r.maxForwards();
    e.maxForwards(mf < 0 ? 70 : mf - 1); // step 3
    if (recordRoute && inbound != null) {
      // step 4, RFC 5658 and RFC 5626 §5.3 (see the class comment)
      Transport in = inbound.transport();
      Transport out = t.transport();
      String outToken = t.flow() == null ? null : t.flow().token();
      // The side reached by address is named by its host in the signature (Hops.sign), so that an
      // in-dialog request is let through toward that host only.
      SipUri target = t.requestUri() != null ? t.requestUri() : (SipUri) r.requestUri();
      String peer = outToken == null ? Hops.peerKey(target) : null;
      boolean twice = in != out || outToken != null;
      // §16.6 step 4: each entry's scheme follows the Request-URI on its side.
      boolean sipsIn = r.requestUri() instanceof SipUri u && u.isSecure();
      e.push(
          HeaderName.RECORD_ROUTE,
          hops.recordRoute(
                  in, inbound.localAddress(), inbound.token(), r, twice ? null : peer, sipsIn)
              .toString());
      if (twice) {
        e.push(
            HeaderName.RECORD_ROUTE,
            hops.recordRoute(
                    out, hops.localFor(t.flow(), out), outToken, r, peer, target.isSecure())
                .toString());
      }
    }
    // RFC 3327 §5.3: the Path of the binding becomes the top of the route set, first Path on top.
    List<String> path = t.path();
    for (int i = path.size() - 1; i >= 0; i--) {
      e.push(HeaderName.ROUTE, path.get(i));
    }
    e.pushVia(hops.via(t.flow(), t.transport(), branch)); // step 8
    return e.build();
  }

  // ---- CANCEL (§16.10) -----------------------------------------------------------------------

  /**
   * A CANCEL matched to an INVITE server transaction: answered 200 at once, then every pending
   * branch is cancelled (§16.10). Without a response context (already answered), the 200 is all.
   */
  public void onCancel(ServerTransaction cancel, InviteServerTransaction invite) {
    cancel.respond(Responses.to(cancel.request(), 200, null).build());
    ResponseContext ctx = byInvite.get(invite);
    if (ctx != null) {
      ctx.cancel();
    }
  }

  // ---- stateless forwarding (§16.11) ---------------------------------------------------------

  /**
   * RFC 3261 §8.1.1.8 and RFC 5630 §3.1.3: a dialog-creating request whose Request-URI or top Route
   * is SIPS must offer a SIPS Contact, or the dialog's requests back to the caller could not travel
   * TLS all the way. Such a request is inconsistent and refused with 400, never forwarded to be
   * half secure. Returns what is wrong, or null.
   */
  private static String sipsInconsistency(SipRequest r) {
    if (!isDialogCreating(r) || r.headers().firstValue(HeaderName.TO) == null) {
      return null;
    }
    boolean sips =
        r.requestUri() instanceof SipUri u && u.isSecure()
            || !r.routes().isEmpty()
                && r.routes().get(0).uri() instanceof SipUri top
                && top.isSecure();
    if (!sips) {
      return null;
    }
    for (var c : r.contacts()) {
      if (!c.isWildcard() && !(c.address().uri() instanceof SipUri u && u.isSecure())) {
        return "a SIPS request needs a SIPS Contact";
      }
    }
    return null;
  }

  /** An ACK for a 2xx (or one matching nothing): forwarded statelessly along its Route. */
  public void onAck(SipRequest ack, Flow inbound) {
    if (VALIDATOR.validateRequest(ack) instanceof Verdict.Discard d) {
      log.debug("ACK dropped: {}", d.reason());
      return;
    }
    Routed routed;
    try {
      routed = route(ack, inbound);
    } catch (SipParseException e) {
      return;
    }
    if (!routed.dialog()) {
      // Only a signed Route of ours makes an ACK ours to forward: it cannot be challenged (§22.1),
      // so anything else would be an open relay.
      log.debug("ACK without a signed Route of ours dropped");
      return;
    }
    Target t;
    try {
      Plan plan = plan(routed, inbound, (r, f, relaying, dialog) -> null);
      t = plan.targets().get(0);
    } catch (Answer a) {
      log.debug("ACK not forwarded: no target");
      return;
    }
    SipRequest base = withoutOurCredentials(routed.request());
    if (!secureEnough(base, t)) {
      log.debug("ACK for a sips: URI not sent over a hop that is not TLS");
      return;
    }
    SipRequest copy = copy(base, t, inbound, hops.statelessBranch(ack), false);
    sendStateless(copy, t);
  }

  private void sendStateless(SipMessage m, Target t) {
    CompletableFuture<?> sent;
    if (t.flow() != null) {
      sent = t.flow().send(m).toCompletableFuture();
    } else if (t.destination() != null) {
      sent = stack.transport().send(m, t.destination()).toCompletableFuture();
    } else {
      sent =
          locator
              .locate(t.locate())
              .thenCompose(list -> stack.transport().send(m, list.get(0)))
              .toCompletableFuture();
    }
    sent.whenComplete(
        (ok, e) -> {
          if (e != null) {
            log.debug("stateless forwarding failed: {}", e.toString());
          }
        });
  }

  /**
   * A response no client transaction matched: a retransmitted or late 2xx of a forked INVITE (§16.7
   * step 3, §16.11). It goes upstream over the server transaction's wire only when its branch is
   * one we still remember and it is a 2xx to an INVITE; anything else is dropped, so that nobody
   * can make us reflect responses at an address of their choice.
   */
  public void onStrayResponse(SipResponse response) {
    Via top = response.topVia();
    if (!hops.isOurBranch(top.branch()) || response.vias().size() < 2) {
      return;
    }
    int code = response.statusCode();
    if (code / 100 != 2 || !Methods.INVITE.equals(response.cseq().method())) {
      log.debug("stray {} response dropped", code);
      return;
    }
    ResponseContext ctx = byBranch.get(top.branch());
    Wire upstream =
        ctx != null && ctx.isInvite()
            ? ctx.server.wire()
            : answeredInviteBranches.get(top.branch());
    if (upstream == null) {
      log.debug("stray 2xx for an unknown branch dropped");
      return;
    }
    upstream.send(response.edit().popVia().build());
  }
}
