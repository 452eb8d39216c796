package io.sipher.stack.dns;

/**
 * Which IP address families server location returns, and which comes first in the failover list.
 * RFC 3263 §4.2 lets a client query A or AAAA records "as it chooses"; listing the second family
 * after the first keeps a host reachable when one family is broken on the path.
 */
public enum AddressPreference {
  /** A records only. */
  IPV4_ONLY,
  /** AAAA records only. */
  IPV6_ONLY,
  /** A records first, then AAAA, for each host. */
  IPV4_FIRST,
  /** AAAA records first, then A, for each host. */
  IPV6_FIRST;

  boolean wantsIpv4() {
    return this != IPV6_ONLY;
  }

  boolean wantsIpv6() {
    return this != IPV4_ONLY;
  }
}
