package io.sipher.stack.transport;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP literals from untrusted text (Via sent-by, received, maddr) without any DNS lookup: strict
 * syntax, and a failed parse is just "not an address". Host names never reach the resolver from
 * here, so nothing a peer writes can make an event loop wait on DNS.
 */
final class Hosts {
  private Hosts() {}

  /** Whether {@code host} is a valid IPv4 or IPv6 literal (IPv6 with or without brackets). */
  static boolean isIpLiteral(String host) {
    return parseIp(host) != null;
  }

  /** The address written in {@code host}, or null when it is not a valid IP literal. */
  static InetAddress parseIp(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (!NetUtil.isValidIpV4Address(h) && !NetUtil.isValidIpV6Address(h)) {
      return null;
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(h);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      return null; // only thrown for a wrong length, which the parser never returns
    }
  }
}
