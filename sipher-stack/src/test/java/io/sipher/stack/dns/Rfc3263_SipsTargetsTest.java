package io.sipher.stack.dns;

import static io.sipher.stack.dns.LocatorFixture.failure;
import static io.sipher.stack.dns.LocatorFixture.locate;
import static io.sipher.stack.dns.LocatorFixture.target;
import static io.sipher.stack.transport.Transport.TCP;
import static io.sipher.stack.transport.Transport.TLS;
import static io.sipher.stack.transport.Transport.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.stack.transport.Destination;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code sips:} URI never resolves to a non-TLS hop (RFC 3263 §4.1, RFC 3261 §26.2), and every
 * TLS target names the URI's domain, not a DNS-supplied name, as the identity to verify (RFC 5922
 * §4).
 */
class Rfc3263_SipsTargetsTest {
  private static Dnsmasq dns;
  private static LocatorFixture fixture;

  @BeforeAll
  static void startDns() {
    Dnsmasq.assumeInstalled();
    dns =
        Dnsmasq.start(
            new Dnsmasq.Records()
                // UDP is the domain's favourite; a sips: URI must still skip it
                .naptr("secure.test", 10, 10, "s", "SIP+D2U", "_sip._udp.secure.test")
                .naptr("secure.test", 10, 20, "s", "SIPS+D2T", "_sips._tcp.secure.test")
                .srv("_sip._udp.secure.test", "host1.provider.test", 5060, 10, 0)
                .srv("_sips._tcp.secure.test", "host2.provider.test", 5061, 10, 0)
                .host("host1.provider.test", "10.0.2.1")
                .host("host2.provider.test", "10.0.2.2")
                // only a UDP service published
                .srv("_sip._udp.udponly.test", "host1.provider.test", 5060, 10, 0)
                .host("udponly.test", "10.0.2.9"));
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
  void sipsUri_discardsNonSipsNaptrServices_andChecksTheUriDomainNotTheSrvTarget() {
    assertThat(locate(fixture.locator(dns), "sips:alice@secure.test"))
        .containsExactly(target(TLS, "10.0.2.2", 5061, "secure.test"));
  }

  @Test
  void sipUri_mayKeepSipsServices_tlsTargetsStillCarryTheDomain() {
    assertThat(locate(fixture.locator(dns), "sip:alice@secure.test"))
        .containsExactly(
            target(UDP, "10.0.2.1", 5060, null), target(TLS, "10.0.2.2", 5061, "secure.test"));
  }

  @Test
  void sipsUri_withOnlyUdpPublished_fallsBackToTlsOnTheDomainsAddress_neverUdp() {
    assertThat(locate(fixture.locator(dns), "sips:udponly.test"))
        .containsExactly(target(TLS, "10.0.2.9", 5061, "udponly.test"));
  }

  @Test
  void sipsUri_transportTcp_meansTls() {
    assertThat(locate(fixture.locator(dns), "sips:secure.test;transport=tcp"))
        .containsExactly(target(TLS, "10.0.2.2", 5061, "secure.test"));
  }

  @Test
  void sipsUri_transportUdp_isRefused() {
    Throwable e = failure(fixture.locator(dns), "sips:secure.test;transport=udp");
    assertThat(e).isInstanceOf(ServerLocationException.class);
    assertThat(((ServerLocationException) e).reason())
        .isEqualTo(ServerLocationException.Reason.UNUSABLE_URI);
  }

  @Test
  void sipsUri_withoutTlsEnabled_isRefused() {
    ServerLocator noTls = fixture.locator(dns, b -> b.transports(EnumSet.of(UDP, TCP)));
    Throwable e = failure(noTls, "sips:secure.test");
    assertThat(((ServerLocationException) e).reason())
        .isEqualTo(ServerLocationException.Reason.UNUSABLE_URI);
  }

  @Test
  void tlsDomain_isTheUriHostWithoutCaseOrTrailingDot() {
    assertThat(locate(fixture.locator(dns), "sips:Secure.TEST."))
        .extracting(Destination::tlsDomain)
        .containsExactly("secure.test");
  }

  @Test
  void ipAddressHost_hasNoDomainToVerify() {
    assertThat(locate(fixture.locator(dns), "sips:10.0.2.5"))
        .containsExactly(target(TLS, "10.0.2.5", 5061, null));
  }

  @Test
  void staticTargets_forSipsUri_keepOnlyTls() throws Exception {
    InetAddress lab = InetAddress.getByName("10.0.9.1");
    ServerLocator locator =
        fixture.locator(
            null,
            b ->
                b.staticTarget("pbx.lab", UDP, new InetSocketAddress(lab, 5060))
                    .staticTarget("pbx.lab", TLS, new InetSocketAddress(lab, 5061)));
    assertThat(locate(locator, "sips:pbx.lab"))
        .containsExactly(target(TLS, "10.0.9.1", 5061, "pbx.lab"));
  }
}
