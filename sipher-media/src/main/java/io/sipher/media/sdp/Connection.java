package io.sipher.media.sdp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The {@code c=} line (RFC 8866 §5.7). The address is kept as written: an IPv4 or IPv6 literal, a
 * host name, or a multicast address with its {@code /ttl} and {@code /count} suffixes.
 */
public record Connection(String netType, String addrType, String address) {

  /** {@code IN}, the only network type in use. */
  public static final String IN = "IN";

  public Connection {
    Objects.requireNonNull(netType, "netType");
    Objects.requireNonNull(addrType, "addrType");
    Objects.requireNonNull(address, "address");
  }

  /** {@code IN IP4 a.b.c.d} or {@code IN IP6 x:y::z} for an address (an IPv6 zone is dropped). */
  public static Connection of(InetAddress address) {
    return new Connection(IN, addrType(address), literal(address));
  }

  /** {@code IP4} or {@code IP6}. */
  public static String addrType(InetAddress address) {
    return address instanceof Inet6Address ? "IP6" : "IP4";
  }

  /**
   * The address as SDP writes it: no brackets, no zone, IPv6 in the RFC 5952 §4 form (lower case,
   * no leading zeros, the longest run of two or more zero groups as "::").
   */
  public static String literal(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /**
   * Whether this is the unspecified address, which RFC 3264 §8.4 says means "send neither RTP nor
   * RTCP to me" (the RFC 2543 way of putting a call on hold).
   */
  public boolean isUnspecified() {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
  }

  /** The value of the line, after {@code c=}. */
  public String value() {
    return netType + ' ' + addrType + ' ' + address;
  }
}
