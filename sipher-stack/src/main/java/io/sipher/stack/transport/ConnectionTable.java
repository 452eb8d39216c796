package io.sipher.stack.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every live flow, findable by token, by the peer's address and by the address a peer declared with
 * the Via {@code alias} parameter (RFC 5923). Also the keeper of the connection limits.
 *
 * <p>TLS flows are keyed by the SIP domain their peer's certificate was verified for: a connection
 * proven to be {@code a.example} is only reused for {@code a.example} (RFC 5923 §4: reuse needs the
 * authentication a new connection would have had). Reuse across domains that one certificate names
 * is not attempted.
 */
final class ConnectionTable {
  record PeerKey(Transport transport, InetSocketAddress remote, String domain) {}

  private final ConcurrentHashMap<String, Flow> byToken = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PeerKey, Flow> byPeer = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, List<PeerKey>> keysOf = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final int maxConnections;
  private final int maxPerAddress;

  ConnectionTable(int maxConnections, int maxPerAddress) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
  }

  /**
   * Reserves a connection slot for a peer, or refuses when the total or that address's limit is
   * reached. Every successful reservation is paired with one {@link #release}.
   */
  boolean reserve(InetAddress peer) {
    if (connections.incrementAndGet() > maxConnections) {
      connections.decrementAndGet();
      return false;
    }
    boolean[] admitted = {false};
    // Check and count under the map's lock for this address, so that a concurrent release cannot
    // drop the counter between the two.
    perAddress.compute(
        peer,
        (a, n) -> {
          int now = n == null ? 0 : n;
          if (now >= maxPerAddress) {
            return n;
          }
          admitted[0] = true;
          return now + 1;
        });
    if (!admitted[0]) {
      connections.decrementAndGet();
    }
    return admitted[0];
  }

  void release(InetAddress peer) {
    connections.decrementAndGet();
    perAddress.computeIfPresent(peer, (a, n) -> n <= 1 ? null : n - 1);
  }

  /** Connections (not UDP flows) currently holding a slot. */
  int connections() {
    return connections.get();
  }

  /**
   * Adds a flow under its token and, where reuse is safe, under its peer's address: every outbound
   * flow (with the domain its certificate was verified for, if any), and inbound flows of the
   * non-TLS transports. An inbound TLS connection is never found by address alone: the peer proved
   * nothing about that address (see {@link #alias}).
   */
  void add(Flow flow, String verifiedDomain) {
    byToken.put(flow.token(), flow);
    if (!flow.inbound() || !flow.transport().secure()) {
      index(flow, new PeerKey(flow.transport(), flow.remoteAddress(), verifiedDomain));
    }
  }

  /**
   * Records that requests for {@code domain} at {@code address} may use this inbound TLS flow (RFC
   * 5923 §5: the Via {@code alias} of a request received on it), once the caller has checked that
   * the peer's certificate proves {@code domain}.
   */
  void alias(Flow flow, InetSocketAddress address, String domain) {
    index(flow, new PeerKey(flow.transport(), address, domain));
  }

  private void index(Flow flow, PeerKey key) {
    // An open flow already registered under the key keeps it: a later one cannot displace it.
    byPeer.compute(key, (k, old) -> old != null && old != flow && old.isOpen() ? old : flow);
    keysOf.compute(
        flow.token(),
        (t, keys) -> {
          List<PeerKey> k = keys == null ? new ArrayList<>(2) : keys;
          if (!k.contains(key)) {
            k.add(key);
          }
          return k;
        });
    if (!flow.isOpen()) {
      remove(flow); // closed while being added: do not leave it behind
    }
  }

  void remove(Flow flow) {
    byToken.remove(flow.token(), flow);
    List<PeerKey> keys = keysOf.remove(flow.token());
    if (keys != null) {
      for (PeerKey k : keys) {
        byPeer.remove(k, flow);
      }
    }
  }

  Optional<Flow> byToken(String token) {
    Flow f = byToken.get(token);
    return f != null && f.isOpen() ? Optional.of(f) : Optional.empty();
  }

  /**
   * An open flow to reuse for a destination: one opened to it (for the same verified domain, when
   * TLS), or one a peer offered for it with {@code alias}, proven by its certificate for TLS.
   */
  Optional<Flow> find(Destination d) {
    Flow f = byPeer.get(new PeerKey(d.transport(), d.address(), d.tlsDomain()));
    return f != null && f.isOpen() ? Optional.of(f) : Optional.empty();
  }

  Collection<Flow> flows() {
    return byToken.values();
  }

  int size() {
    return byToken.size();
  }
}
