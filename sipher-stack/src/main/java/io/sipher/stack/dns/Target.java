package io.sipher.stack.dns;

import io.sipher.stack.transport.Transport;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One place to send a request to: the outcome of RFC 3263 server location for one address.
 *
 * <p>{@code tlsDomain} is the name the peer's certificate must prove when {@code transport} is
 * secure. RFC 5922 §4 (and RFC 3263 §4.3's closing note) make it the host of the URI the request
 * was resolved from, before any DNS indirection: an SRV target or an address chosen by NAPTR/SRV
 * records is not authenticated by DNS, so trusting a certificate for it would let whoever answers
 * DNS pick the identity to check. It is null for non-TLS targets and when the URI's host was an IP
 * address (there is then no domain to verify).
 *
 * @param transport how to reach the address
 * @param address a resolved IP address and port
 * @param tlsDomain the domain to verify the server certificate against, or null (see above)
 */
public record Target(Transport transport, InetSocketAddress address, String tlsDomain) {

  public Target {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("target address must be resolved: " + address);
    }
    if (tlsDomain != null && !transport.secure()) {
      throw new IllegalArgumentException("a TLS domain on a non-TLS target: " + transport);
    }
  }

  @Override
  public String toString() {
    String host = address.getAddress().getHostAddress();
    String hostPort =
        host.indexOf(':') >= 0
            ? "[" + host + "]:" + address.getPort()
            : host + ':' + address.getPort();
    return transport + " " + hostPort + (tlsDomain == null ? "" : " (" + tlsDomain + ")");
  }
}
