package io.sipher.stack.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where to send a message when no flow is given: a transport and a resolved socket address, plus,
 * for TLS and WSS, the SIP domain the peer's certificate must prove (RFC 5922 §4.1: the domain of
 * the URI being resolved, never the address or an SRV target).
 *
 * @param tlsDomain the domain to check the server certificate against, or null when the target was
 *     given as an IP address (then only the chain is verified)
 */
public record Destination(Transport transport, InetSocketAddress address, String tlsDomain) {

  public Destination {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("unresolved address " + address);
    }
    if (!transport.secure()) {
      tlsDomain = null;
    }
  }

  public static Destination of(Transport transport, InetSocketAddress address) {
    return new Destination(transport, address, null);
  }

  @Override
  public String toString() {
    return transport
        + ":"
        + Addresses.format(address)
        + (tlsDomain == null ? "" : " (as " + tlsDomain + ")");
  }
}
