package io.sipher.server.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
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
 * What the proxy refuses to people it does not know: no open relay through a Route naming us
 * (§16.4, §22.3), no dialog without our signed Record-Route, no trust by a UDP source address, no
 * {@code sips:} request over a plain hop (RFC 5630 §3.1.3).
 */
class Rfc3261_16_ProxySecurityTest {
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

  private SipRequest request(
      Phone p, Transport t, String ruri, String from, String toTag, String route) {
    return ProxyFixture.parse(
        "INVITE "
            + ruri
            + " SIP/2.0\n"
            + "Via: SIP/2.0/"
            + t.viaName()
            + " 127.0.0.1:"
            + p.port()
            + ";branch=z9hG4bK-s"
            + f.next()
            + ";rport\n"
            + "Max-Forwards: 70\n"
            + (route == null ? "" : "Route: " + route + "\n")
            + "From: <"
            + from
            + ">;tag="
            + p.tag
            + "\n"
            + "To: <"
            + ruri
            + ">"
            + (toTag == null ? "" : ";tag=" + toTag)
            + "\n"
            + "Call-ID: sec"
            + f.next()
            + "@"
            + p.user
            + "\n"
            + "CSeq: 1 INVITE\n"
            // §8.1.1.8: a SIPS request offers a SIPS Contact
            + (ruri.startsWith("sips:") ? "Contact: <sips:" : "Contact: <sip:")
            + p.user
            + "@127.0.0.1:"
            + p.port()
            + ">\n"
            + "Content-Length: 0\n\n");
  }

  private SipResponse send(Phone p, SipRequest r, Transport t) throws Exception {
    return p.send(r, t).get(10, TimeUnit.SECONDS);
  }

  @Test
  void ourRouteDoesNotOpenARelayToAnotherHost() throws Exception {
    start(ProxyFixture.untrusted());
    Phone trunk = f.udpPhone("trunk");
    Phone evil = f.natPhone("x");
    SipRequest r =
        request(
            evil,
            Transport.TLS,
            "sip:+1900@127.0.0.1:" + trunk.port(),
            "sip:x@evil.org",
            null,
            "<sip:example.com;lr>");
    SipResponse response = send(evil, r, Transport.TLS);
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.reasonPhrase()).contains("relaying denied");
    assertThat(trunk.requests).isEmpty();
  }

  @Test
  void aMadeUpToTagIsNoDialogAndIsChallenged() throws Exception {
    start(ProxyFixture.untrusted());
    Phone bob = f.natPhone("bob");
    assertThat(bob.register(Transport.TLS).statusCode()).isEqualTo(200);
    Phone mallory = f.natPhone("mallory");
    SipRequest r =
        request(
            mallory,
            Transport.TLS,
            "sips:bob@example.com",
            "sips:ceo@example.com",
            "made-up",
            null);
    assertThat(send(mallory, r, Transport.TLS).statusCode()).isEqualTo(407);
    assertThat(bob.requests).isEmpty();
  }

  @Test
  void trustedAddressOverUdpIsNotTrusted() throws Exception {
    start(ProxyFixture.bestEffortTrusting());
    Phone bob = f.natPhone("bob");
    assertThat(bob.register(Transport.TLS).statusCode()).isEqualTo(200);
    Phone spoofer = f.udpPhone("alice");
    SipRequest r =
        request(spoofer, Transport.UDP, "sip:bob@example.com", "sip:alice@example.com", null, null);
    assertThat(send(spoofer, r, Transport.UDP).statusCode()).isEqualTo(407);
    assertThat(bob.requests).isEmpty();
  }

  @Test
  void trustNeverCoversRegister() throws Exception {
    start(ProxyFixture.trusting());
    Phone bob = f.natPhone("bob");
    SipResponse r = send(bob, bob.registerRequest(Transport.TLS, null), Transport.TLS);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(f.location.all()).isEmpty();
  }

  @Test
  void rfc5630_3_1_3_sipsRequestIsNotSentOverAPlainPreloadedRoute() throws Exception {
    start(ProxyFixture.trusting().withProxy(ProxyConfig.DEFAULTS.withRelay(true)));
    Phone trunk = f.udpPhone("trunk");
    Phone alice = f.natPhone("alice");
    SipRequest r =
        request(
            alice,
            Transport.TLS,
            "sips:carol@example.org",
            "sips:alice@example.com",
            null,
            "<sip:127.0.0.1:" + trunk.port() + ";lr>");
    SipResponse response = send(alice, r, Transport.TLS);
    assertThat(response.statusCode()).isEqualTo(480);
    List<Warning> warnings = response.all(SipHeaders.WARNING);
    assertThat(warnings).extracting(Warning::code).containsExactly(380);
    assertThat(trunk.requests).isEmpty();
  }
}
