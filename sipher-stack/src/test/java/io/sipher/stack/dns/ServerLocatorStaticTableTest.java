package io.sipher.stack.dns;

import static io.sipher.stack.dns.LocatorFixture.failure;
import static io.sipher.stack.dns.LocatorFixture.locate;
import static io.sipher.stack.dns.LocatorFixture.target;
import static io.sipher.stack.transport.Transport.TCP;
import static io.sipher.stack.transport.Transport.TLS;
import static io.sipher.stack.transport.Transport.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.uri.SipUri;
import io.sipher.stack.transport.Destination;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The static target and host tables (labs without DNS), where results are delivered, and what a
 * failed DNS looks like to the caller.
 */
class ServerLocatorStaticTableTest {
  private final LocatorFixture fixture = new LocatorFixture();
  private Dnsmasq dns;

  @AfterEach
  void tearDown() {
    fixture.close();
    if (dns != null) {
      dns.close();
    }
  }

  @Test
  void staticTargets_replaceDns_uriPortAndTransportStillApply() throws Exception {
    InetAddress lab = InetAddress.getByName("10.1.0.1");
    ServerLocator locator =
        fixture.locator(
            null, // no DNS server: any query would fail the lookup
            b ->
                b.staticTarget("PBX.lab.", UDP, new InetSocketAddress(lab, 5060))
                    .staticTarget("pbx.lab", TLS, new InetSocketAddress(lab, 5061)));
    assertThat(locate(locator, "sip:pbx.lab"))
        .containsExactly(
            target(UDP, "10.1.0.1", 5060, null), target(TLS, "10.1.0.1", 5061, "pbx.lab"));
    assertThat(locate(locator, "sip:pbx.lab;transport=udp"))
        .containsExactly(target(UDP, "10.1.0.1", 5060, null));
    assertThat(locate(locator, "sip:pbx.lab:7000"))
        .containsExactly(
            target(UDP, "10.1.0.1", 7000, null), target(TLS, "10.1.0.1", 7000, "pbx.lab"));
  }

  @Test
  void staticHosts_skipNaptrAndSrv_andFollowTheSchemeDefaults() throws Exception {
    InetAddress v4 = InetAddress.getByName("10.1.0.2");
    InetAddress v6 = InetAddress.getByName("fd00::2");
    ServerLocator locator = fixture.locator(null, b -> b.staticHost("phone.lab", v4, v6));
    assertThat(locate(locator, "sip:phone.lab"))
        .containsExactly(target(UDP, "10.1.0.2", 5060, null), target(UDP, "fd00::2", 5060, null));
    assertThat(locate(locator, "sips:phone.lab:5081"))
        .containsExactly(
            target(TLS, "10.1.0.2", 5081, "phone.lab"), target(TLS, "fd00::2", 5081, "phone.lab"));
  }

  @Test
  void staticHosts_alsoAnswerForSrvTargetsFoundInDns() throws Exception {
    Dnsmasq.assumeInstalled();
    dns = Dnsmasq.start(new Dnsmasq.Records().srv("_sip._tcp.mixed.test", "edge.lab", 5070, 10, 0));
    InetAddress edge = InetAddress.getByName("10.1.0.3");
    ServerLocator locator = fixture.locator(dns, b -> b.staticHost("edge.lab", edge));
    assertThat(locate(locator, "sip:mixed.test;transport=tcp"))
        .containsExactly(target(TCP, "10.1.0.3", 5070, null));
  }

  @Test
  void resultIsDeliveredOnTheGivenExecutor() throws Exception {
    ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-event-loop"));
    try {
      ServerLocator locator = fixture.locator(null);
      // Hold the loop busy so that the callback is attached before the result can be delivered.
      CountDownLatch hold = new CountDownLatch(1);
      loop.execute(
          () -> {
            try {
              hold.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      CompletableFuture<String> thread = new CompletableFuture<>();
      locator
          .locate(SipUri.parse("sip:192.0.2.7"), loop)
          .whenComplete((targets, error) -> thread.complete(Thread.currentThread().getName()));
      hold.countDown();
      assertThat(thread.get(30, TimeUnit.SECONDS)).isEqualTo("fake-event-loop");
    } finally {
      loop.shutdownNow();
    }
  }

  @Test
  void dnsRefusingToAnswer_isADnsFailure_notAnEmptyList() {
    Dnsmasq.assumeInstalled();
    dns = Dnsmasq.start(new Dnsmasq.Records());
    // dnsmasq has no upstream and answers REFUSED outside .test
    Throwable e = failure(fixture.locator(dns), "sip:somewhere.example");
    assertThat(e).isInstanceOf(ServerLocationException.class);
    assertThat(((ServerLocationException) e).reason())
        .isEqualTo(ServerLocationException.Reason.DNS_FAILURE);
  }

  @Test
  void unknownName_isAnEmptyList() {
    Dnsmasq.assumeInstalled();
    dns = Dnsmasq.start(new Dnsmasq.Records());
    assertThat(locate(fixture.locator(dns), "sip:nobody.test")).isEmpty();
  }

  @Test
  void unknownTransportParameter_isUnusable() {
    Throwable e = failure(fixture.locator(null), "sip:192.0.2.1;transport=sctp");
    assertThat(((ServerLocationException) e).reason())
        .isEqualTo(ServerLocationException.Reason.UNUSABLE_URI);
  }

  @Test
  void concurrentLookups_ofTheSameName_allComplete() {
    Dnsmasq.assumeInstalled();
    dns = Dnsmasq.start(new Dnsmasq.Records().host("busy.test", "10.1.0.9"));
    ServerLocator locator =
        fixture.locator(dns, b -> b.addressPreference(AddressPreference.IPV4_ONLY));
    List<CompletableFuture<List<Destination>>> all =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(i -> locator.locate(SipUri.parse("sip:busy.test:5060")).toCompletableFuture())
            .toList();
    for (CompletableFuture<List<Destination>> f : all) {
      assertThat(f.join()).containsExactly(target(UDP, "10.1.0.9", 5060, null));
    }
  }
}
