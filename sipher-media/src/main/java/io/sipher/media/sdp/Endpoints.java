package io.sipher.media.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Transport addresses from {@code c=} lines, without DNS look-ups. */
final class Endpoints {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  private Endpoints() {}

  /**
   * The endpoint for a connection and port: resolved for an address literal, unresolved for a host
   * name (resolving is left to whoever sends, off the signalling path), null when the connection is
   * not {@code IN IP4}/{@code IN IP6} or its literal is invalid.
   */
  static InetSocketAddress of(Connection c, int port) {
    if (!c.netType().equals(Connection.IN)) {
      return null;
    }
    String address = c.address();
    boolean ip6 = c.addrType().equals("IP6");
    if (!ip6 && !c.addrType().equals("IP4")) {
      return null;
    }
    boolean literal =
        ip6 ? address.indexOf(':') >= 0 && IPV6.matcher(address).matches() : isIpv4(address);
    if (!literal) {
      return address.indexOf('/') >= 0 ? null : InetSocketAddress.createUnresolved(address, port);
    }
    try {
      // A literal is parsed, never looked up.
      return new InetSocketAddress(InetAddress.getByName(address), port);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean isIpv4(String s) {
    if (!IPV4.matcher(s).matches()) {
      return false;
    }
    for (String part : s.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
