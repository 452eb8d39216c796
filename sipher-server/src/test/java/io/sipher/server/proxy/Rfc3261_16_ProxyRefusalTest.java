package io.sipher.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.SipHeaders;
import io.sipher.message.header.Warning;
import io.sipher.server.ServerConfig;
import io.sipher.server.proxy.ProxyFixture.Phone;
import io.sipher.stack.transport.Transport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the proxy answers itself: §16.3 validation (483), §16.5 no target (480), RFC 5630 SIPS
 * policy (480 with Warning 380), §22.3 proxy authentication (407) and relay refusal (403).
 */
class Rfc3261_16_ProxyRefusalTest {
  @TempDir Path dir;
  ProxyFixture f;

  private void start(ServerConfig config) {
    f = new ProxyFixture(dir, config);
  }

  @AfterEach
  void stop() {
    if (f != null) {
      f.close();
    }
  }

  private SipResponse call(Phone from, String ruri, int maxForwards) throws Exception {
    return from.send(
            from.invite(ruri, "c" + f.next() + "@" + from.user, maxForwards), Transport.TLS)
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void rfc3261_16_3_maxForwardsZeroGets483() throws Exception {
    start(ProxyFixture.trusting());
    Phone alice = f.natPhone("alice");
    Phone bob = f.natPhone("bob");
    bob.register(Transport.TLS);
    assertThat(call(alice, "sips:bob@example.com", 0).statusCode()).isEqualTo(483);
    assertThat(bob.requests).isEmpty();
  }

  @Test
  void rfc3261_16_5_noBindingGets480() throws Exception {
    start(ProxyFixture.trusting());
    Phone alice = f.natPhone("alice");
    SipResponse r = call(alice, "sips:nobody@example.com", 70);
    assertThat(r.statusCode()).isEqualTo(480);
    assertThat(r.to().tag()).isNotNull();
  }

  @Test
  void rfc5630_3_1_3_sipsRequestForAUdpBindingGets480WithWarning380() throws Exception {
    start(ProxyFixture.bestEffortTrusting());
    Phone carol = f.udpPhone("carol");
    assertThat(carol.register(Transport.UDP).statusCode()).isEqualTo(200);
    Phone alice = f.natPhone("alice");

    SipResponse r = call(alice, "sips:carol@example.com", 70);
    assertThat(r.statusCode()).isEqualTo(480);
    List<Warning> warnings = r.all(SipHeaders.WARNING);
    assertThat(warnings).extracting(Warning::code).containsExactly(380);
    assertThat(warnings.get(0).text()).isEqualTo("SIPS Not Allowed");
    assertThat(carol.requests).isEmpty();
  }

  @Test
  void rfc5630_3_1_3_sipRequestForASipsOnlyBindingGets480WithWarning381() throws Exception {
    start(ProxyFixture.trusting());
    Phone bob = f.natPhone("bob");
    assertThat(bob.register(Transport.TLS).statusCode()).isEqualTo(200); // a sips: contact
    Phone alice = f.natPhone("alice");

    SipResponse r = call(alice, "sip:bob@example.com", 70);
    assertThat(r.statusCode()).isEqualTo(480);
    List<Warning> warnings = r.all(SipHeaders.WARNING);
    assertThat(warnings).extracting(Warning::code).containsExactly(381);
    assertThat(warnings.get(0).text()).isEqualTo("SIPS Required");
    assertThat(bob.requests).isEmpty();
  }

  @Test
  void rfc3261_8_1_1_8_sipsInviteWithAPlainContactGets400() throws Exception {
    start(ProxyFixture.trusting());
    Phone bob = f.natPhone("bob");
    bob.register(Transport.TLS);
    Phone alice = f.natPhone("alice");
    SipRequest invite = alice.invite("sips:bob@example.com", "c" + f.next() + "@alice", 70);
    SipRequest plainContact =
        invite.edit().set(HeaderName.CONTACT, "<sip:alice@127.0.0.1:5060>").build();
    SipResponse r = alice.send(plainContact, Transport.TLS).get(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.reasonPhrase()).contains("SIPS Contact");
    assertThat(bob.requests).isEmpty();
  }

  @Test
  void rfc3261_16_6_sipRequestForAUdpBindingIsForwardedThere() throws Exception {
    start(ProxyFixture.bestEffortTrusting());
    Phone carol = f.udpPhone("carol");
    carol.register(Transport.UDP);
    Phone alice = f.natPhone("alice");
    var fin = alice.send(alice.invite("sip:carol@example.com", "c-udp@alice", 70), Transport.TLS);
    var atCarol = carol.nextRequest();
    // RFC 5658: TLS in, UDP out: two Record-Route entries. The dialog is sip:, so the TLS side's
    // entry is sip: with transport=tls (sips: only in sips: dialogs, RFC 5630 §3.1.3).
    assertThat(atCarol.request().recordRoutes()).hasSize(2);
    assertThat(atCarol.request().recordRoutes().get(1).sipUri().isSecure()).isFalse();
    assertThat(atCarol.request().recordRoutes().get(1).sipUri().transport()).isEqualTo("tls");
    assertThat(atCarol.request().recordRoutes().get(0).sipUri().isSecure()).isFalse();
    assertThat(atCarol.request().topVia().transport()).isEqualTo("UDP");
    atCarol.respond(carol.answer(atCarol.request(), 486));
    assertThat(fin.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(486);
  }

  @Test
  void rfc3261_22_3_inviteFromOurUserIsChallengedWith407() throws Exception {
    start(ServerConfig.forDomain(ProxyFixture.DOMAIN)); // nobody trusted
    Phone alice = f.natPhone("alice");
    SipResponse r = call(alice, "sips:bob@example.com", 70);
    assertThat(r.statusCode()).isEqualTo(407);
    assertThat(r.headers().contains(HeaderName.PROXY_AUTHENTICATE)).isTrue();
  }

  @Test
  void relayingToAnotherDomainIsDeniedByDefault() throws Exception {
    start(ProxyFixture.trusting());
    Phone alice = f.natPhone("alice");
    SipResponse r = call(alice, "sips:someone@example.org", 70);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.reasonPhrase()).contains("relaying denied");
  }
}
