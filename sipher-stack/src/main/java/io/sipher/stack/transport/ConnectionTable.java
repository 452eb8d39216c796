package io.sipher.stack.transport;

import io.sipher.pki.SipIdentities;
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
 * <p>Outbound TLS connections are additionally keyed by the SIP domain their certificate was
 * verified for: a connection proven to be {@code a.example} is not reused for {@code b.example}
 * unless its certificate also names {@code b.example} (RFC 5923 §4: reuse needs the same
 * authentication a new connection would have had).
 */
final class ConnectionTable {
  record PeerKey(Transport transport, InetSocketAddress remote, String domain) {}

  private final ConcurrentHashMap<String, Flow> byToken = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PeerKey, Flow> byPeer = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, List<PeerKey>> keysOf = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress =
      new ConcurrentHashMap<>();
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
    AtomicInteger n = perAddress.computeIfAbsent(peer, a -> new AtomicInteger());
    if (n.incrementAndGet() > maxPerAddress) {
      release(peer);
      return false;
    }
    return true;
  }

  void release(InetAddress peer) {
    connections.decrementAndGet();
    perAddress.computeIfPresent(peer, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** Connections (not UDP flows) currently holding a slot. */
  int connections() {
    return connections.get();
  }

  /** Adds a flow under its token and its peer address (with the verified domain, if any). */
  void add(Flow flow, String verifiedDomain) {
    byToken.put(flow.token(), flow);
    index(flow, new PeerKey(flow.transport(), flow.remoteAddress(), verifiedDomain));
  }

  /**
   * Records that requests for {@code sentBy} may use this flow (RFC 5923 §5: the Via {@code alias}
   * parameter of a request received on it).
   */
  void alias(Flow flow, InetSocketAddress sentBy) {
    index(flow, new PeerKey(flow.transport(), sentBy, null));
  }

  private void index(Flow flow, PeerKey key) {
    byPeer.put(key, flow);
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
   * An open flow to reuse for a destination: one opened to it for the same domain, else one the
   * peer opened from (or declared as alias for) that address, if the peer's certificate proves the
   * domain when one is required.
   */
  Optional<Flow> find(Destination d) {
    if (d.tlsDomain() != null) {
      Flow f = byPeer.get(new PeerKey(d.transport(), d.address(), d.tlsDomain()));
      if (f != null && f.isOpen()) {
        return Optional.of(f);
      }
    }
    Flow f = byPeer.get(new PeerKey(d.transport(), d.address(), null));
    if (f == null || !f.isOpen()) {
      return Optional.empty();
    }
    if (d.transport().secure()) {
      // A connection the peer opened is reused only if the peer proved, with a verified
      // certificate, what a new connection would have had to prove.
      SipIdentities ids = f.peerIdentities();
      boolean proven = ids != null && (d.tlsDomain() == null || ids.matchesDomain(d.tlsDomain()));
      if (!proven) {
        return Optional.empty();
      }
    }
    return Optional.of(f);
  }

  Collection<Flow> flows() {
    return byToken.values();
  }

  int size() {
    return byToken.size();
  }
}
