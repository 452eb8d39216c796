package io.sipher.stack.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One listening socket.
 *
 * @param transport what it speaks
 * @param address where it binds; port 0 picks a free port (tests)
 * @param tls certificates and client-certificate mode, required for TLS and WSS, ignored otherwise
 * @param webSocketPath the HTTP path a WS/WSS client must upgrade on (RFC 7118 §4.1), default "/"
 */
public record ListenerConfig(
    Transport transport, InetSocketAddress address, TlsServerConfig tls, String webSocketPath) {

  public ListenerConfig {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(address, "address");
    if (transport.secure() && tls == null) {
      throw new IllegalArgumentException(transport + " listener on " + address + " needs tls");
    }
    if (!transport.secure()) {
      tls = null;
    }
    webSocketPath = webSocketPath == null ? "/" : webSocketPath;
  }

  public static ListenerConfig plain(Transport transport, InetSocketAddress address) {
    return new ListenerConfig(transport, address, null, null);
  }

  public static ListenerConfig secure(
      Transport transport, InetSocketAddress address, TlsServerConfig tls) {
    return new ListenerConfig(transport, address, tls, null);
  }
}
