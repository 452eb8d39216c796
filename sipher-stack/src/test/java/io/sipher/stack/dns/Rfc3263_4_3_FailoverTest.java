package io.sipher.stack.dns;

import static io.sipher.stack.dns.LocatorFixture.locate;
import static io.sipher.stack.dns.LocatorFixture.target;
import static io.sipher.stack.transport.Transport.TLS;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.stack.transport.Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 3263 §4.3: on 503 or transport failure the client tries the next target in order. */
class Rfc3263_4_3_FailoverTest {

  @Test
  void walksTheListInOrder_untilExhausted() {
    List<Destination> list =
        List.of(
            target(TLS, "10.2.0.1", 5061, "a.test"),
            target(TLS, "10.2.0.2", 5061, "a.test"),
            target(TLS, "10.2.0.3", 5061, "a.test"));
    Failover failover = new Failover(list);
    List<Destination> tried = new ArrayList<>();
    for (Optional<Destination> t = failover.current(); t.isPresent(); t = failover.next()) {
      tried.add(t.get());
    }
    assertThat(tried).isEqualTo(list);
    assertThat(failover.next()).isEmpty();
    assertThat(failover.remaining()).isEmpty();
  }

  @Test
  void only503AmongResponsesTriggersFailover() {
    assertThat(Failover.failsOverOn(503)).isTrue();
    assertThat(Failover.failsOverOn(500)).isFalse();
    assertThat(Failover.failsOverOn(486)).isFalse();
    assertThat(Failover.failsOverOn(200)).isFalse();
  }

  @Test
  void failoverOrder_followsSrvPriorities_fromARealServer() {
    Dnsmasq.assumeInstalled();
    try (Dnsmasq dns =
            Dnsmasq.start(
                new Dnsmasq.Records()
                    .srv("_sips._tcp.fo.test", "backup.fo.test", 5061, 20, 0)
                    .srv("_sips._tcp.fo.test", "primary.fo.test", 5061, 10, 0)
                    .host("primary.fo.test", "10.2.1.1")
                    .host("backup.fo.test", "10.2.1.2"));
        LocatorFixture fixture = new LocatorFixture()) {
      ServerLocator locator =
          fixture.locator(dns, b -> b.addressPreference(AddressPreference.IPV4_ONLY));
      Failover failover = new Failover(locate(locator, "sips:fo.test"));
      assertThat(failover.current()).contains(target(TLS, "10.2.1.1", 5061, "fo.test"));
      // e.g. the TLS handshake with the primary failed, or it answered 503
      assertThat(failover.next()).contains(target(TLS, "10.2.1.2", 5061, "fo.test"));
      assertThat(failover.next()).isEmpty();
    }
  }
}
