package io.sipher.stack.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Socket addresses written as SIP hosts (RFC 5118 §4.1, RFC 3261 §25.1 hostport): IPv4 as is, IPv6
 * as a bracketed reference in its RFC 5952 form, never with Java's zone index, which SIP cannot
 * carry.
 */
class Rfc5118_4_1_AddressesTest {
  @Test
  void ipv4_isWrittenAsIs() throws Exception {
    assertThat(Addresses.format(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5061)))
        .isEqualTo("192.0.2.7:5061");
  }

  @Test
  void ipv6_isBracketed_shortened_andWithoutItsZone() throws Exception {
    InetAddress linkLocal =
        Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 2);

    assertThat(Addresses.host(linkLocal)).isEqualTo("[fe80::1]");
    assertThat(Addresses.format(new InetSocketAddress(linkLocal, 5060)))
        .isEqualTo("[fe80::1]:5060");
  }
}
