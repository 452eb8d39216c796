package io.sipher.message.uri;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A socket address written as a SIP host (RFC 3261 §25.1 hostport): IPv4 as is, IPv6 as an
 * IPv6reference in brackets, and never with Java's zone index, which SIP cannot carry.
 */
class Rfc3261_25_1_HostPortFromAddressTest {
  @Test
  void ipv4_isWrittenAsIs() throws Exception {
    HostPort hp = HostPort.of(new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5061));

    assertThat(hp.toString()).isEqualTo("192.0.2.7:5061");
    assertThat(hp.kind()).isEqualTo(HostPort.Kind.IPV4);
  }

  @Test
  void ipv6_isBracketed_withoutItsZone() throws Exception {
    InetAddress linkLocal =
        Inet6Address.getByAddress(
            null, InetAddress.getByName("fe80::1").getAddress(), 2); // zone index 2

    HostPort hp = HostPort.of(linkLocal, 5060);

    assertThat(hp.toString()).isEqualTo("[fe80:0:0:0:0:0:0:1]:5060");
    assertThat(hp.kind()).isEqualTo(HostPort.Kind.IPV6);
  }
}
