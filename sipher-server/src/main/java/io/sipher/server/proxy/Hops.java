package io.sipher.server.proxy;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.Via;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.SipUri;
import io.sipher.message.uri.Uri;
import io.sipher.stack.transport.Addresses;
import io.sipher.stack.transport.Destination;
import io.sipher.stack.transport.Flow;
import io.sipher.stack.transport.Transport;
import io.sipher.stack.transport.TransportLayer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The proxy's idea of itself and of the next hop: which URIs name this server (RFC 3261 §16.4), the
 * Via it pushes with a branch that also serves loop detection (§16.6 step 8, §16.3 item 4), the
 * Record-Route URIs it inserts (§16.6 step 4, RFC 5658, RFC 5626 §5.3), and where a URI leads when
 * no flow is known.
 */
final class Hops {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Marks the branches this process writes: the cookie, "sp", and a per-process tag. */
  private final String branchPrefix;

  private final Set<String> domains;
  private final TransportLayer transport;
  private final String recordRouteHost;
  private final SecretKeySpec routeKey;

  /**
   * @param secret at least 32 bytes; the key that signs our Record-Route URIs is derived from it
   */
  Hops(Set<String> domains, TransportLayer transport, String recordRouteHost, byte[] secret) {
    this.domains = domains;
    this.transport = transport;
    this.recordRouteHost = recordRouteHost;
    this.routeKey = new SecretKeySpec(derive(secret, "sipher record-route v1"), "HmacSHA256");
    byte[] tag = new byte[3];
    RANDOM.nextBytes(tag);
    this.branchPrefix = Via.MAGIC_COOKIE + "sp" + HexFormat.of().formatHex(tag) + ".";
  }

  // ---- who we are (§16.4) -------------------------------------------------------------------

  /**
   * Whether {@code uri} names this server: one of our domains (at no port or a listener's port),
   * the configured Record-Route host, or an address and port one of our listeners answers on.
   */
  boolean isUs(Uri uri) {
    if (!(uri instanceof SipUri u)) {
      return false;
    }
    HostPort hp = u.hostPort();
    String host = hp.hostKey();
    boolean named =
        domains.contains(host)
            || (recordRouteHost != null && recordRouteHost.equalsIgnoreCase(hp.host()));
    if (hp.kind() == HostPort.Kind.HOSTNAME) {
      return named && (!hp.hasPort() || listensOn(hp.port(), null));
    }
    InetAddress ip = parseIp(hp.address());
    if (ip == null) {
      return false;
    }
    int port = hp.portOr(u.isSecure() ? Transport.TLS.defaultPort() : defaultPort(u));
    return listensOn(port, ip);
  }

  private static int defaultPort(SipUri u) {
    return Transport.fromName(u.transport()).orElse(Transport.UDP).defaultPort();
  }

  private boolean listensOn(int port, InetAddress ip) {
    for (TransportLayer.Listener l : transport.listeners()) {
      InetSocketAddress a = l.address();
      if (a.getPort() != port) {
        continue;
      }
      if (ip == null || a.getAddress().equals(ip)) {
        return true;
      }
      if (a.getAddress().isAnyLocalAddress() && isLocal(ip)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocal(InetAddress ip) {
    if (ip.isLoopbackAddress() || ip.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(ip) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** The flow token a Record-Route or Path URI of ours carries in its user part, or null. */
  String flowTokenOf(Uri uri) {
    return uri instanceof SipUri u && u.user() != null && isUs(u) ? u.user() : null;
  }

  // ---- Via and loop detection (§16.6 step 8, §16.3 item 4) ----------------------------------

  /**
   * A branch for a request forwarded from {@code received}: our prefix, then a hash of the fields
   * that identify the request as it reached us (so the same request coming round again shows the
   * same hash: a loop), then random characters that make it unique per branch. The received top Via
   * is left out of the hash although §16.6 step 8 lists it: it changes on every pass round a loop,
   * which would hide the loop (RFC 5393 §4.2 discusses the flaws of this check).
   */
  String branch(SipRequest received) {
    byte[] r = new byte[6];
    RANDOM.nextBytes(r);
    return branchPrefix + loopHash(received) + "." + HexFormat.of().formatHex(r);
  }

  /** A branch that is the same for every copy of {@code received}: for a stateless ACK (§16.11). */
  String statelessBranch(SipRequest received) {
    return branchPrefix + hash(String.valueOf(received.topVia().branch())) + ".ack";
  }

  /** §16.3 item 4: the request carries a Via of ours whose loop hash equals its own now. */
  boolean looped(SipRequest request) {
    String mine = branchPrefix + loopHash(request) + ".";
    for (Via v : request.vias()) {
      String b = v.branch();
      if (b != null && b.startsWith(mine)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a Via branch was written by this process. */
  boolean isOurBranch(String branch) {
    return branch != null && branch.startsWith(branchPrefix);
  }

  private String loopHash(SipRequest r) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(r.requestUriText()).append('\n');
    sb.append(r.from().tag()).append('\n').append(r.to().tag()).append('\n');
    sb.append(r.callId()).append('\n').append(r.cseq().sequence()).append('\n');
    sb.append(r.headers().values(HeaderName.PROXY_REQUIRE)).append('\n');
    sb.append(r.headers().values(HeaderName.PROXY_AUTHORIZATION)).append('\n');
    sb.append(r.headers().values(HeaderName.ROUTE));
    return hash(sb.toString());
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Our Via for a request leaving over {@code flow}, or else on transport {@code t}. */
  Via via(Flow flow, Transport t, String branch) {
    InetSocketAddress local = flow != null ? flow.localAddress() : listenerAddress(t);
    return Via.of(t.viaName(), hostPort(local, false), branch);
  }

  private InetSocketAddress listenerAddress(Transport t) {
    return transport
        .listener(t)
        .or(() -> transport.listeners().stream().findFirst())
        .map(TransportLayer.Listener::address)
        .orElse(new InetSocketAddress(InetAddress.getLoopbackAddress(), t.defaultPort()));
  }

  private HostPort hostPort(InetSocketAddress local, boolean byName) {
    if (recordRouteHost != null) {
      return HostPort.of(recordRouteHost, local.getPort());
    }
    InetAddress a = local.getAddress();
    if (a == null || a.isAnyLocalAddress() || byName) {
      // RFC 5922 §7: over TLS the peer checks our certificate against the host of the URI it
      // connects to, and the certificate proves the domain, not an IP address.
      return HostPort.of(domains.iterator().next(), local.getPort());
    }
    return HostPort.of(Addresses.host(a), local.getPort());
  }

  // ---- Record-Route (§16.6 step 4, RFC 5658, RFC 5626 §5.3) ---------------------------------

  /**
   * A Record-Route entry facing a hop of transport {@code t} reached at our address {@code local}:
   * {@code sips:} over TLS in a {@code sips:} dialog (RFC 5630 §3.1.3: the scheme says every hop is
   * secure); in a {@code sip:} dialog the scheme stays {@code sip:} with a transport parameter, TLS
   * included, so that a UA that has no sips: support can still route its in-dialog requests (what
   * RFC 3261 §19.1.1 phones and proxies expect); {@code lr} always (§16.6 step 4), and the flow
   * token in the user part with {@code ob} when requests toward that side must take the flow (RFC
   * 5626 §5.3). The {@code transport=tls} form is the one RFC 5630 §3.2.2 deprecates; it is kept on
   * purpose for the phones that route sip: dialogs only that way.
   *
   * @param sipsDialog whether the Request-URI on this entry's side is {@code sips:}
   */
  Address recordRoute(
      Transport t,
      InetSocketAddress local,
      String flowToken,
      SipRequest r,
      String peer,
      boolean sipsDialog) {
    // WSS keeps sips: plus transport=ws either way (RFC 7118 §5.2), as WebSocket clients expect.
    boolean secure = t == Transport.TLS ? sipsDialog : t.secure();
    SipUri u = SipUri.of(secure, flowToken, hostPort(local, t.secure()));
    if (t == Transport.TCP) {
      u = u.withParameter("transport", "tcp");
    } else if (t == Transport.TLS && !secure) {
      u = u.withParameter("transport", "tls");
    } else if (t == Transport.WS || t == Transport.WSS) {
      u = u.withParameter("transport", "ws"); // RFC 7118 §5.2: sips: plus transport=ws for WSS
    }
    u = u.withParameter("lr", null);
    if (flowToken != null) {
      u = u.withParameter("ob", null);
    }
    u = u.withParameter(SIGNATURE, sign(flowToken, r.callId(), r.from().tag(), peer));
    return Address.of(u);
  }

  // ---- signed Record-Route (RFC 3261 §16.6 step 4, §26.1.4) ---------------------------------

  /** The URI parameter holding the signature of a Record-Route URI of ours. */
  static final String SIGNATURE = "sg";

  /**
   * The signature of a Record-Route URI: HMAC-SHA256 over its flow token, the dialog's Call-ID and
   * the caller's From tag, and the host the request was sent to when no flow names that side. A
   * Route carrying it proves that we record-routed that dialog ourselves (the server keeps no
   * dialog state), so a flow token cannot be replayed in another dialog or made up (RFC 5626 §5.2
   * asks that flow tokens be protected against tampering).
   */
  String sign(String flowToken, String callId, String tag, String peer) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(routeKey);
      String data =
          String.valueOf(flowToken) + '\n' + callId + '\n' + tag + '\n' + String.valueOf(peer);
      byte[] d = mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 16));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether a Route URI of ours carries a valid signature for the dialog of {@code r} (either
   * direction: the caller's tag is the From tag one way and the To tag the other) and, when {@code
   * peer} is not null, for that next-hop host.
   */
  boolean signedFor(SipUri route, SipRequest r, String peer) {
    String sg = route.parameters().valueOrNull(SIGNATURE);
    if (sg == null) {
      return false;
    }
    String token = route.user();
    for (String tag : new String[] {r.from().tag(), r.to().tag()}) {
      if (tag != null
          && MessageDigest.isEqual(
              sg.getBytes(StandardCharsets.US_ASCII),
              sign(token, r.callId(), tag, peer).getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A 2xx to an INVITE with our Record-Route entries that were signed for {@code peer} (the host
   * the request was sent to) signed again for the host of the 2xx's Contact, the remote target the
   * caller's in-dialog requests will carry (§12.1.2). §16.7 step 9 lets a proxy rewrite the
   * Record-Route value it inserted; without this, the ACK and BYE of a call whose callee answers
   * from another address (a trunk's media gateway, say) would not pass our signature check.
   */
  SipResponse resign(SipResponse r, String peer) {
    if (peer == null || r.contacts().isEmpty()) {
      return r;
    }
    if (!(r.contacts().get(0).address().uri() instanceof SipUri contact)) {
      return r;
    }
    String target = peerKey(contact);
    if (target.equals(peer)) {
      return r;
    }
    String callId = r.callId();
    String tag = r.from().tag();
    List<Address> routes = r.recordRoutes();
    List<String> rewritten = new java.util.ArrayList<>(routes.size());
    boolean changed = false;
    for (Address a : routes) {
      if (a.uri() instanceof SipUri u
          && isUs(u)
          && u.parameters().contains(SIGNATURE)
          && MessageDigest.isEqual(
              u.parameters().valueOrNull(SIGNATURE).getBytes(StandardCharsets.US_ASCII),
              sign(u.user(), callId, tag, peer).getBytes(StandardCharsets.US_ASCII))) {
        a = a.withUri(u.withParameter(SIGNATURE, sign(u.user(), callId, tag, target)));
        changed = true;
      }
      rewritten.add(a.toString());
    }
    if (!changed) {
      return r;
    }
    SipResponse.Editor e = r.edit().remove(HeaderName.RECORD_ROUTE);
    for (String v : rewritten) {
      e.add(HeaderName.RECORD_ROUTE, v);
    }
    return e.build();
  }

  /** A host as compared in signatures: lower case, without IPv6 brackets. */
  static String peerKey(SipUri u) {
    String h = u.maddr() != null ? u.maddr() : u.host();
    h = h.toLowerCase(Locale.ROOT);
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  private static byte[] derive(byte[] secret, String label) {
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException("the route secret needs at least 32 bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Our address on transport {@code t} when no flow tells it. */
  InetSocketAddress localFor(Flow flow, Transport t) {
    return flow != null ? flow.localAddress() : listenerAddress(t);
  }

  // ---- where a URI leads ---------------------------------------------------------------------

  /**
   * The destination of a SIP URI whose host is an IP address (RFC 3263 §4.1 and §4.2 with no DNS:
   * the transport from the scheme or parameter, UDP by default, and the transport's default port).
   * Empty for a host name: those need the {@link io.sipher.stack.dns.ServerLocator}.
   */
  static Optional<Destination> destinationOf(SipUri uri) {
    HostPort hp = uri.maddr() != null ? HostPort.of(uri.maddr(), uri.port()) : uri.hostPort();
    if (hp.kind() == HostPort.Kind.HOSTNAME) {
      return Optional.empty();
    }
    Transport t =
        uri.isSecure() ? Transport.TLS : Transport.fromName(uri.transport()).orElse(Transport.UDP);
    if (uri.isSecure() && "ws".equals(uri.transport())) {
      t = Transport.WSS;
    }
    InetAddress ip = parseIp(hp.address());
    if (ip == null) {
      return Optional.empty();
    }
    return Optional.of(Destination.of(t, new InetSocketAddress(ip, hp.portOr(t.defaultPort()))));
  }

  /** An IP literal as an address, without any DNS lookup; null when it is not one. */
  static InetAddress parseIp(String literal) {
    if (literal == null
        || literal.isEmpty()
        || !(Character.digit(literal.charAt(0), 16) >= 0 || literal.indexOf(':') >= 0)) {
      return null;
    }
    if (literal.indexOf(':') < 0 && !literal.matches("[0-9.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(literal.toLowerCase(Locale.ROOT));
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
