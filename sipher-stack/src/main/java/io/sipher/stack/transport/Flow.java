package io.sipher.stack.transport;

import io.sipher.message.SipMessage;
import io.sipher.pki.SipIdentities;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A path to one peer that a message can be sent back on (RFC 5626 §3.1 calls it a flow): a TCP, TLS
 * or WebSocket connection, or, for UDP, a remote address seen on one of our sockets. A UA behind
 * NAT can only be reached on the flow it opened, so the registrar records the flow's {@link
 * #token()} with the binding and requests for the UA are sent {@linkplain #send on it}.
 *
 * <p>A flow dies when its connection closes (or, for UDP, when the source has been silent for the
 * configured time); {@link #closed()} completes then, and sends fail from that point on.
 */
public abstract sealed class Flow permits StreamFlow, DatagramFlow {
  private final String token;
  private final Transport transport;
  private final InetSocketAddress local;
  private final InetSocketAddress remote;
  private final boolean inbound;
  final CompletableFuture<Flow> closed = new CompletableFuture<>();
  // Set when the transport layer adopts the flow; transient flows keep NONE.
  volatile MessageTap tap = MessageTap.NONE;

  Flow(
      String token,
      Transport transport,
      InetSocketAddress local,
      InetSocketAddress remote,
      boolean inbound) {
    this.token = Objects.requireNonNull(token);
    this.transport = transport;
    this.local = local;
    this.remote = remote;
    this.inbound = inbound;
  }

  /**
   * An opaque, unguessable name for this flow, unique within the process: what a registrar stores
   * and an edge proxy can put in a Path or Record-Route URI (RFC 5626 §5.2).
   */
  public final String token() {
    return token;
  }

  public final Transport transport() {
    return transport;
  }

  public final InetSocketAddress localAddress() {
    return local;
  }

  public final InetSocketAddress remoteAddress() {
    return remote;
  }

  /** Whether the peer opened it (for UDP: the first datagram came from the peer). */
  public final boolean inbound() {
    return inbound;
  }

  public abstract boolean isOpen();

  /**
   * Sends a message on this flow. The stage completes when the bytes are handed to the socket and
   * fails when they cannot be (the flow is closed, the connection broke).
   */
  public abstract CompletionStage<Void> send(SipMessage message);

  /** Closes the flow (for UDP: forgets it); sends fail afterwards. */
  public abstract void close();

  /**
   * Sends a keep-alive ping and completes when the peer's pong comes back (RFC 5626 §4.4.1: a
   * double CRLF, answered by a single CRLF, over a connection). A UA sends these on the flow it
   * registered on; a pong that does not come means the flow has failed (the caller decides how long
   * to wait, 10 s in §4.4.1) and must register again. Fails at once when the flow is closed. UDP
   * flows, which would use STUN (§4.4.2), do not support it yet and fail with {@link
   * UnsupportedOperationException}.
   */
  public abstract CompletionStage<Void> ping();

  /** Completes with this flow when it dies, whatever the cause. */
  public final CompletionStage<Flow> closed() {
    return closed;
  }

  /** The certificate chain the peer proved over TLS (leaf first), or empty. */
  public List<X509Certificate> peerCertificates() {
    return List.of();
  }

  /**
   * The SIP identities (RFC 5922 §7.1) of the peer's verified certificate, or null when it
   * presented none. A certificate may name no SIP domain at all (a phone's names a user): then the
   * identities are empty, and match nothing.
   */
  public SipIdentities peerIdentities() {
    List<X509Certificate> chain = peerCertificates();
    return chain.isEmpty() ? null : SipIdentities.of(chain.get(0));
  }

  @Override
  public String toString() {
    return transport
        + " "
        + (inbound ? "from " : "to ")
        + Addresses.format(remote)
        + " [flow "
        + token
        + "]";
  }
}
