package io.sipher.stack.dns;

import static io.sipher.stack.dns.LocatorFixture.locate;
import static io.sipher.stack.dns.LocatorFixture.target;
import static io.sipher.stack.transport.Transport.TCP;
import static io.sipher.stack.transport.Transport.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3263 §4.2: port and address from SRV (RFC 2782 order) or A/AAAA records. */
class Rfc3263_4_2_SrvOrderingTest {
  private static Dnsmasq dns;
  private static LocatorFixture fixture;

  @BeforeAll
  static void startDns() {
    Dnsmasq.assumeInstalled();
    dns =
        Dnsmasq.start(
            new Dnsmasq.Records()
                .srv("_sip._udp.multi.test", "c.multi.test", 5062, 20, 10)
                .srv("_sip._udp.multi.test", "a.multi.test", 5060, 10, 10)
                .srv("_sip._udp.multi.test", "b.multi.test", 5064, 30, 0)
                .host("a.multi.test", "10.0.1.1", "fd00::1:1")
                .host("b.multi.test", "10.0.1.2")
                .host("c.multi.test", "10.0.1.3")
                .host("multi.test", "10.0.1.100")
                .host("plain.test", "10.0.1.200")
                .srvNotAvailable("_sip._tcp.gone.test")
                .host("gone.test", "10.0.1.250")
                .cname("alias.multi.test", "c.multi.test")
                .srv("_sip._tcp.pair.test", "b.multi.test", 5070, 10, 50)
                .srv("_sip._tcp.pair.test", "c.multi.test", 5071, 10, 50));
    fixture = new LocatorFixture();
  }

  @AfterAll
  static void stopDns() {
    if (fixture != null) {
      fixture.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void srv_priorityAscending_eachTargetsAddressesInTurn_ipv4First() {
    assertThat(locate(fixture.locator(dns), "sip:multi.test;transport=udp"))
        .containsExactly(
            target(UDP, "10.0.1.1", 5060, null),
            target(UDP, "fd00::1:1", 5060, null),
            target(UDP, "10.0.1.3", 5062, null),
            target(UDP, "10.0.1.2", 5064, null));
  }

  @Test
  void addressPreference_ipv6First_andIpv4Only() {
    ServerLocator v6first =
        fixture.locator(dns, b -> b.addressPreference(AddressPreference.IPV6_FIRST));
    assertThat(locate(v6first, "sip:multi.test;transport=udp"))
        .startsWith(target(UDP, "fd00::1:1", 5060, null), target(UDP, "10.0.1.1", 5060, null));
    ServerLocator v4only =
        fixture.locator(dns, b -> b.addressPreference(AddressPreference.IPV4_ONLY));
    assertThat(locate(v4only, "sip:multi.test;transport=udp"))
        .extracting(t -> t.address().getAddress().getAddress().length)
        .containsOnly(4);
  }

  @Test
  void addressRecords_behindACname_areFollowed() {
    assertThat(locate(fixture.locator(dns), "sip:alias.multi.test:5090;transport=udp"))
        .containsExactly(target(UDP, "10.0.1.3", 5090, null));
  }

  @Test
  void explicitPort_usesAddressRecordsOnly_notSrv() {
    assertThat(locate(fixture.locator(dns), "sip:multi.test:5070;transport=udp"))
        .containsExactly(target(UDP, "10.0.1.100", 5070, null));
  }

  @Test
  void noSrvRecords_addressRecordsAtTheTransportsDefaultPort() {
    assertThat(locate(fixture.locator(dns), "sip:plain.test;transport=tcp"))
        .containsExactly(target(TCP, "10.0.1.200", 5060, null));
  }

  @Test
  void srvTargetDot_serviceDecidedlyNotAvailable_noAddressFallback() {
    assertThat(locate(fixture.locator(dns), "sip:gone.test;transport=tcp")).isEmpty();
  }

  @Test
  void equalPriority_weightedRandomOrder_isReproducibleWithTheSameSeed() {
    // Locators built by the fixture share the seed, so the RFC 2782 draw repeats exactly.
    var first = locate(fixture.locator(dns), "sip:pair.test;transport=tcp");
    assertThat(first)
        .containsExactlyInAnyOrder(
            target(TCP, "10.0.1.2", 5070, null), target(TCP, "10.0.1.3", 5071, null));
    assertThat(locate(fixture.locator(dns), "sip:pair.test;transport=tcp")).isEqualTo(first);
  }
}
