package io.sipher.stack.dns;

import static io.sipher.stack.dns.LocatorFixture.locate;
import static io.sipher.stack.dns.LocatorFixture.target;
import static io.sipher.stack.transport.Transport.TCP;
import static io.sipher.stack.transport.Transport.TLS;
import static io.sipher.stack.transport.Transport.UDP;
import static io.sipher.stack.transport.Transport.WSS;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.stack.transport.Transport;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 3263 §4.1: how the transport is chosen, against a real DNS server (dnsmasq). */
class Rfc3263_4_1_TransportSelectionTest {
  private static Dnsmasq dns;
  private static LocatorFixture fixture;

  @BeforeAll
  static void startDns() {
    Dnsmasq.assumeInstalled();
    dns =
        Dnsmasq.start(
            new Dnsmasq.Records()
                // order 10: TLS preferred over UDP; SCTP unsupported; order 20 must be ignored
                .naptr("example.test", 10, 20, "s", "SIPS+D2T", "_sips._tcp.example.test")
                .naptr("example.test", 10, 30, "s", "SIP+D2U", "_sip._udp.example.test")
                .naptr("example.test", 10, 10, "s", "SIP+D2S", "_sip._sctp.example.test")
                .naptr("example.test", 20, 10, "s", "SIP+D2T", "_sip._tcp.example.test")
                .srv("_sips._tcp.example.test", "tls.example.test", 5061, 10, 0)
                .srv("_sip._udp.example.test", "udp.example.test", 5060, 10, 0)
                .srv("_sip._tcp.example.test", "tcp.example.test", 5080, 10, 0)
                .srv("_sip._sctp.example.test", "tcp.example.test", 5555, 10, 0)
                .host("example.test", "10.0.0.10")
                .host("tls.example.test", "10.0.0.1")
                .host("udp.example.test", "10.0.0.2")
                .host("tcp.example.test", "10.0.0.3")
                // no NAPTR: SRV probing
                .srv("_sip._tcp.srvonly.test", "tcp.example.test", 5090, 10, 0)
                .srv("_sip._udp.srvonly.test", "udp.example.test", 5091, 10, 0)
                // neither NAPTR nor SRV
                .host("plain.test", "10.0.0.20")
                // WebSocket over TLS through NAPTR (RFC 7118)
                .naptr("ws.test", 10, 10, "s", "SIPS+D2W", "_sips._ws.ws.test")
                .srv("_sips._ws.ws.test", "tls.example.test", 8443, 10, 0));
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
  void naptr_bestOrderOnly_sortedByPreference_unsupportedServicesDropped() {
    assertThat(locate(fixture.locator(dns), "sip:alice@example.test"))
        .containsExactly(
            target(TLS, "10.0.0.1", 5061, "example.test"), target(UDP, "10.0.0.2", 5060, null));
  }

  @Test
  void naptr_recordsForTransportsTheClientLacks_areDiscarded() {
    ServerLocator noTls = fixture.locator(dns, b -> b.transports(EnumSet.of(UDP, TCP)));
    assertThat(locate(noTls, "sip:example.test"))
        .containsExactly(target(UDP, "10.0.0.2", 5060, null));
  }

  @Test
  void transportParameter_winsOverNaptr_andUsesItsSrvRecords() {
    assertThat(locate(fixture.locator(dns), "sip:example.test;transport=tcp"))
        .containsExactly(target(TCP, "10.0.0.3", 5080, null));
  }

  @Test
  void explicitPort_sipMeansUdp_sipsMeansTls_withoutNaptrOrSrv() {
    ServerLocator locator = fixture.locator(dns);
    assertThat(locate(locator, "sip:example.test:5099"))
        .containsExactly(target(UDP, "10.0.0.10", 5099, null));
    assertThat(locate(locator, "sips:example.test:5099"))
        .containsExactly(target(TLS, "10.0.0.10", 5099, "example.test"));
  }

  @Test
  void noNaptr_srvProbing_listsEveryTransportWithSrvRecords() {
    assertThat(locate(fixture.locator(dns), "sip:srvonly.test"))
        .containsExactly(target(TCP, "10.0.0.3", 5090, null), target(UDP, "10.0.0.2", 5091, null));
  }

  @Test
  void noNaptrNoSrv_udpForSip_tlsForSips_atDefaultPorts() {
    ServerLocator locator = fixture.locator(dns);
    assertThat(locate(locator, "sip:plain.test"))
        .containsExactly(target(UDP, "10.0.0.20", 5060, null));
    assertThat(locate(locator, "sips:plain.test"))
        .containsExactly(target(TLS, "10.0.0.20", 5061, "plain.test"));
  }

  @Test
  void numericIp_needsNoDns_udpForSip_tlsForSips() {
    // No DNS server at all: a numeric target must not cause a single query.
    ServerLocator offline = fixture.locator(null);
    assertThat(locate(offline, "sip:192.0.2.1"))
        .containsExactly(target(UDP, "192.0.2.1", 5060, null));
    assertThat(locate(offline, "sips:192.0.2.1"))
        .containsExactly(target(TLS, "192.0.2.1", 5061, null));
    assertThat(locate(offline, "sip:[2001:db8::1]:5070;transport=tcp"))
        .containsExactly(target(TCP, "2001:db8::1", 5070, null));
  }

  @Test
  void maddr_isTheTarget_butTheTlsDomainStaysTheUriHost() {
    ServerLocator locator = fixture.locator(dns);
    assertThat(locate(locator, "sip:bob@example.test;maddr=10.9.9.9"))
        .containsExactly(target(UDP, "10.9.9.9", 5060, null));
    assertThat(locate(locator, "sips:bob@example.test;maddr=10.9.9.9"))
        .containsExactly(target(TLS, "10.9.9.9", 5061, "example.test"));
  }

  @Test
  void websocketNaptr_rfc7118_whenWssIsEnabled() {
    ServerLocator locator = fixture.locator(dns, b -> b.transports(EnumSet.allOf(Transport.class)));
    assertThat(locate(locator, "sip:ws.test"))
        .containsExactly(target(WSS, "10.0.0.1", 8443, "ws.test"));
  }
}
