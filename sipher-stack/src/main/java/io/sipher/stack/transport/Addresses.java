package io.sipher.stack.transport;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Socket address formatting as SIP writes it: IPv6 in brackets (RFC 5118 §4.1). */
public final class Addresses {
  private Addresses() {}

  /** The host as it goes into a Via sent-by or {@code received}: IPv6 bracketed. */
  public static String host(InetAddress address) {
    // RFC 5952 form (::1, not 0:0:0:0:0:0:0:1), without a zone index
    String literal = NetUtil.toAddressString(address);
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    return address instanceof Inet6Address ? "[" + literal + "]" : literal;
  }

  /** {@code host:port}, the host as {@link #host} writes it. */
  public static String format(InetSocketAddress address) {
    InetAddress a = address.getAddress();
    return (a == null ? address.getHostString() : host(a)) + ":" + address.getPort();
  }
}
