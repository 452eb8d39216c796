package io.sipher.stack.dns;

import static io.sipher.stack.dns.LocatorFixture.failure;
import static io.sipher.stack.dns.LocatorFixture.locate;
import static io.sipher.stack.dns.LocatorFixture.target;
import static io.sipher.stack.transport.Transport.UDP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DNS cache on virtual time: positive answers live for their TTL (RFC 1035 §3.2.1), negative
 * ones for the SOA-derived time bounded by configuration (RFC 2308 §5), failures not at all. The
 * real server is restarted with different data to show whether an answer came from the cache.
 */
class DnsCacheTtlTest {
  private Dnsmasq dns;
  private LocatorFixture fixture;

  @BeforeEach
  void setUp() {
    Dnsmasq.assumeInstalled();
    fixture = new LocatorFixture();
  }

  @AfterEach
  void tearDown() {
    if (fixture != null) {
      fixture.close();
    }
    if (dns != null) {
      dns.close();
    }
  }

  private ServerLocator locator(Duration negativeTtl, Duration maxTtl) {
    return fixture.locator(
        dns,
        b ->
            b.addressPreference(AddressPreference.IPV4_ONLY)
                .negativeTtl(negativeTtl)
                .maxTtl(maxTtl));
  }

  @Test
  void positiveAnswer_isServedFromCacheUntilItsTtlRunsOut() {
    dns = Dnsmasq.start(new Dnsmasq.Records().hostWithTtl("cached.test", 60, "10.0.3.1"));
    ServerLocator locator = locator(Duration.ofSeconds(30), Duration.ofHours(1));
    assertThat(locate(locator, "sip:cached.test:5060"))
        .containsExactly(target(UDP, "10.0.3.1", 5060, null));

    dns.restart(new Dnsmasq.Records().hostWithTtl("cached.test", 60, "10.0.3.2"));
    fixture.clock.advance(Duration.ofSeconds(59));
    assertThat(locate(locator, "sip:cached.test:5060"))
        .containsExactly(target(UDP, "10.0.3.1", 5060, null));

    fixture.clock.advance(Duration.ofSeconds(2));
    assertThat(locate(locator, "sip:cached.test:5060"))
        .containsExactly(target(UDP, "10.0.3.2", 5060, null));
  }

  @Test
  void positiveTtl_isCappedByMaxTtl() {
    dns = Dnsmasq.start(new Dnsmasq.Records().hostWithTtl("long.test", 3600, "10.0.3.1"));
    ServerLocator locator = locator(Duration.ofSeconds(30), Duration.ofSeconds(10));
    assertThat(locate(locator, "sip:long.test:5060")).hasSize(1);

    dns.restart(new Dnsmasq.Records().hostWithTtl("long.test", 3600, "10.0.3.2"));
    fixture.clock.advance(Duration.ofSeconds(11));
    assertThat(locate(locator, "sip:long.test:5060"))
        .containsExactly(target(UDP, "10.0.3.2", 5060, null));
  }

  @Test
  void negativeAnswer_isCachedForTheConfiguredBoundOnly() {
    dns = Dnsmasq.start(new Dnsmasq.Records().host("other.test", "10.0.3.9"));
    ServerLocator locator = locator(Duration.ofSeconds(30), Duration.ofHours(1));
    assertThat(locate(locator, "sip:late.test:5060")).isEmpty();

    dns.restart(new Dnsmasq.Records().host("late.test", "10.0.3.3"));
    fixture.clock.advance(Duration.ofSeconds(29));
    assertThat(locate(locator, "sip:late.test:5060")).isEmpty();

    fixture.clock.advance(Duration.ofSeconds(2));
    assertThat(locate(locator, "sip:late.test:5060"))
        .containsExactly(target(UDP, "10.0.3.3", 5060, null));
  }

  @Test
  void failedQuery_isNotCached() {
    dns = Dnsmasq.start(new Dnsmasq.Records().host("flaky.test", "10.0.3.4"));
    ServerLocator locator = locator(Duration.ofSeconds(30), Duration.ofHours(1));
    dns.stop();
    Throwable e = failure(locator, "sip:flaky.test:5060");
    assertThat(((ServerLocationException) e).reason())
        .isEqualTo(ServerLocationException.Reason.DNS_FAILURE);

    dns.restart(new Dnsmasq.Records().host("flaky.test", "10.0.3.4"));
    // Same instant: had the failure been cached, this would fail again.
    assertThat(locate(locator, "sip:flaky.test:5060"))
        .containsExactly(target(UDP, "10.0.3.4", 5060, null));
  }
}
