package io.sipher.stack.transport;

import io.sipher.message.SipRequest;
import io.sipher.message.header.Via;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The transport's duties around the top Via: stamping where a request really came from (RFC 3261
 * §18.2.1, RFC 3581 §4) and choosing where a response goes when it cannot simply follow its
 * request's connection (RFC 3261 §18.2.2, RFC 3581 §4).
 */
final class ViaRules {
  private ViaRules() {}

  /**
   * The request with {@code received} added when the sent-by host is a name or another address than
   * the packet's source, and {@code rport} filled in with the source port when the client asked for
   * it (in which case {@code received} is always added). The same request when nothing needs
   * stamping.
   */
  static SipRequest stampReceived(SipRequest request, InetSocketAddress source) {
    Via via = request.topVia();
    InetAddress from = source.getAddress();
    boolean fillRport = via.hasRport() && via.rport() < 0;
    String claimed = via.received();
    boolean needsReceived =
        claimed != null
            // a received= the sender wrote itself is never trusted: it would steer responses
            ? !from.equals(Hosts.parseIp(claimed))
            : !from.equals(Hosts.parseIp(via.sentBy().host()));
    if (!needsReceived && !fillRport) {
      return request;
    }
    Via stamped = via.withReceived(receivedValue(from));
    if (fillRport) {
      stamped = stamped.withParameter("rport", Integer.toString(source.getPort()));
    }
    return request.edit().popVia().pushVia(stamped).build();
  }

  /** The source address for {@code received}; the codec brackets IPv6 (RFC 5118 §4.5). */
  static String receivedValue(InetAddress from) {
    return Addresses.host(from);
  }

  /**
   * Where a response goes when the request's own flow cannot carry it: for a reliable transport
   * whose connection has closed, a new connection to the {@code received} address (or sent-by host)
   * at the sent-by port (§18.2.2); for UDP, the {@code received} address at the {@code rport} port
   * when the client used rport (RFC 3581 §4), else at the sent-by port; {@code maddr} wins over
   * both (§18.2.2). Returns null when the target is a host name: the transport does not resolve
   * names for responses (RFC 3263 §5 lookups are the server's), so sending then fails. Since a
   * request whose sent-by is a name always gets {@code received}, only a named {@code maddr} leads
   * there.
   */
  static InetSocketAddress responseTarget(Via via, Transport transport) {
    String host = via.maddr();
    int port;
    if (host != null) {
      port = via.sentBy().portOr(transport.defaultPort());
    } else {
      host = via.received();
      if (host == null) {
        host = via.sentBy().address();
      }
      port =
          transport == Transport.UDP && via.rport() > 0
              ? via.rport()
              : via.sentBy().portOr(transport.defaultPort());
    }
    InetAddress address = Hosts.parseIp(host);
    return address == null ? null : new InetSocketAddress(address, port);
  }
}
