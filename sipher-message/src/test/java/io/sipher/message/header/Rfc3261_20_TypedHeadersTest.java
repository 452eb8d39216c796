package io.sipher.message.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import io.sipher.message.syntax.SipParseException;
import io.sipher.message.testing.Wire;
import io.sipher.message.uri.SipUri;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §20 and the extension RFCs: the typed views of header values. */
class Rfc3261_20_TypedHeadersTest {

  @Test
  void via_20_42_withRportAndReceived() {
    Via v =
        Via.parse(
            "SIP/2.0/TLS [2001:db8::9:1]:5061;branch=z9hG4bK776;received=2001:db8::9:255;rport=5062;alias");
    assertThat(v.transport()).isEqualTo("TLS");
    assertThat(v.sentBy().host()).isEqualTo("[2001:db8::9:1]");
    assertThat(v.sentBy().port()).isEqualTo(5061);
    assertThat(v.branch()).isEqualTo("z9hG4bK776");
    assertThat(v.hasRfc3261Branch()).isTrue();
    assertThat(v.received()).isEqualTo("2001:db8::9:255");
    assertThat(v.rport()).isEqualTo(5062);
    assertThat(v.hasAlias()).isTrue();
  }

  @Test
  void via_rfc3581_emptyRportAndReceivedAdded() {
    Via v = Via.parse("SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bKx");
    assertThat(v.hasRport()).isTrue();
    assertThat(v.rport()).isEqualTo(-1);
    Via answered = v.withReceived("2001:db8::1").withParameter("rport", "40000");
    assertThat(answered.toString())
        .isEqualTo("SIP/2.0/UDP 10.0.0.1:5060;rport=40000;branch=z9hG4bKx;received=[2001:db8::1]");
  }

  @Test
  void via_25_1_colonInSentByMayHaveWhitespace() {
    Via v = Via.parse("SIP/2.0/TCP host.example.com : 5060 ;branch=z9hG4bK1");
    assertThat(v.sentBy().port()).isEqualTo(5060);
  }

  @Test
  void via_malformedParameters() {
    for (String bad :
        List.of(
            "SIP/2.0/UDP host;ttl=256",
            "SIP/2.0/UDP host;received=example.com",
            "SIP/2.0/UDP host;rport=70000",
            "SIP/2.0/UDP host;maddr=-x",
            "SIP/2.0/UDP host;;branch=z9hG4bK1",
            "SIP/2.0/UDP host;branch",
            "SIP/2.0/UDPhost",
            "SIP/2.0 host")) {
      assertThatThrownBy(() -> Via.parse(bad)).as(bad).isInstanceOf(SipParseException.class);
    }
  }

  @Test
  void viaList_7_3_1_commaSeparatedAndSeparateFieldsAreTheSame() {
    SipRequest r =
        Wire.request(
            Wire.REGISTER.replace(
                "Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK776asdhds;rport",
                "v: SIP/2.0/TLS a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2\n"
                    + "VIA: SIP/2.0/TCP c.example.com;branch=z9hG4bK3"));
    assertThat(r.vias())
        .extracting(v -> v.sentBy().host())
        .containsExactly("a.example.com", "b.example.com", "c.example.com");
    assertThat(r.topVia().branch()).isEqualTo("z9hG4bK1");
  }

  @Test
  void address_20_10_formsAndParameters() {
    Address a =
        Address.parse(
            "\"Alice, the \\\"first\\\"\" <sips:alice@example.com;transport=tls>;tag=88sja8x");
    assertThat(a.displayName()).isEqualTo("Alice, the \"first\"");
    assertThat(a.sipUri().transport()).isEqualTo("tls");
    assertThat(a.tag()).isEqualTo("88sja8x");

    // without brackets, parameters after the URI belong to the header (RFC 3261 §20.10)
    Address bare = Address.parse("sip:+12125551212@phone2net.com;tag=887s;user=phone");
    assertThat(((SipUri) bare.uri()).parameters().isEmpty()).isTrue();
    assertThat(bare.parameters().valueOrNull("user")).isEqualTo("phone");

    Address tokens = Address.parse("A. G. Bell <sip:agb@bell-telephone.com>");
    assertThat(tokens.displayName()).isEqualTo("A. G. Bell");
    assertThat(Address.parse("<sip:a@b>").displayName()).isNull();
  }

  @Test
  void address_rebuiltFormsParseBack() {
    Address a = Address.of("Bob \"B\"", SipUri.parse("sips:bob@example.com;lr")).withTag("x1");
    assertThat(a.toString()).isEqualTo("\"Bob \\\"B\\\"\" <sips:bob@example.com;lr>;tag=x1");
    assertThat(Address.parse(a.toString())).isEqualTo(a);
  }

  @Test
  void contact_20_10_wildcardExpiresQAndOutboundParameters() {
    SipRequest r = Wire.request(Wire.REGISTER);
    Contact c = r.contacts().get(0);
    assertThat(c.isWildcard()).isFalse();
    assertThat(c.expires()).isEqualTo(3600);
    assertThat(c.instance()).isEqualTo("urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF");
    assertThat(c.regId()).isEqualTo(1);
    assertThat(c.q()).isEqualTo(-1f);

    assertThat(Contact.parse("*").isWildcard()).isTrue();
    assertThat(Contact.parse("<sip:a@b>;q=0.7;expires=4294967296000").expires())
        .isEqualTo(Contact.MAX_EXPIRES);
    assertThat(Contact.parse("<sip:a@b>;q=0.7").q()).isEqualTo(0.7f);
    assertThatThrownBy(() -> Contact.parse("<sip:a@b>;q=1.5"))
        .isInstanceOf(SipParseException.class);
    assertThatThrownBy(() -> Contact.parse("<sip:a@b>;expires=soon"))
        .isInstanceOf(SipParseException.class);
  }

  @Test
  void contactList_commasInsideQuotesAndBracketsDoNotSplit() {
    SipHeaders.CONTACT.name();
    List<Contact> out = new java.util.ArrayList<>();
    SipHeaders.CONTACT.parseField(
        "\"Smith, J\" <sip:j@a.example.com;x=1>, <sip:j@b.example.com?h=a%2Cb>", out);
    assertThat(out).hasSize(2);
    assertThat(out.get(0).address().displayName()).isEqualTo("Smith, J");
  }

  @Test
  void cseq_20_16() {
    assertThat(CSeq.parse("4711 INVITE")).isEqualTo(new CSeq(4711, "INVITE"));
    assertThat(CSeq.parse("4294967295 ACK").sequence()).isEqualTo(4294967295L);
    assertThatThrownBy(() -> CSeq.parse("4294967296 ACK")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> CSeq.parse("INVITE")).isInstanceOf(SipParseException.class);
    assertThatThrownBy(() -> CSeq.parse("1INVITE")).isInstanceOf(SipParseException.class);
  }

  @Test
  void digestChallengeAndCredentials_rfc7616() {
    Challenge c =
        Challenge.parse(
            "Digest realm=\"example.com\", qop=\"auth\", algorithm=SHA-256,"
                + " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe\", stale=TRUE");
    assertThat(c.isDigest()).isTrue();
    assertThat(c.realm()).isEqualTo("example.com");
    assertThat(c.algorithm()).isEqualTo("SHA-256");
    assertThat(c.stale()).isTrue();
    assertThat(Challenge.parse(c.toString())).isEqualTo(c);

    Credentials cr =
        Credentials.parse(
            "Digest username=\"alice\", realm=\"example.com\", nonce=\"abc\","
                + " uri=\"sips:example.com\", response=\"6629fae49393a05397450978507c4ef1\","
                + " qop=auth, nc=00000001, cnonce=\"0a4f113b\"");
    assertThat(cr.username()).isEqualTo("alice");
    assertThat(cr.uri()).isEqualTo("sips:example.com");
    assertThat(cr.nc()).isEqualTo("00000001");
    assertThat(cr.algorithm()).isEqualTo("MD5");
    assertThatThrownBy(() -> Credentials.parse("Digest username=\"alice"))
        .isInstanceOf(SipParseException.class);
    assertThatThrownBy(() -> Credentials.parse("Digest username=, realm=\"x\""))
        .isInstanceOf(SipParseException.class);
  }

  @Test
  void authenticationInfo_20_6() {
    AuthenticationInfo i =
        AuthenticationInfo.parse("nextnonce=\"47364c23432d2e131a5fb210812c\", rspauth=\"ab\"");
    assertThat(i.nextNonce()).isEqualTo("47364c23432d2e131a5fb210812c");
    assertThat(i.rspauth()).isEqualTo("ab");
  }

  @Test
  void eventsAndSubscriptionState_rfc6665() {
    assertThat(Event.parse("presence;id=7").id()).isEqualTo("7");
    assertThat(Event.parse("presence.winfo").packageName()).isEqualTo("presence");
    SubscriptionState s = SubscriptionState.parse("terminated;reason=timeout;retry-after=30");
    assertThat(s.isTerminated()).isTrue();
    assertThat(s.reason()).isEqualTo("timeout");
    assertThat(SubscriptionState.parse("active;expires=600").expires()).isEqualTo(600);
    assertThatThrownBy(() -> SubscriptionState.parse("active;expires=x"))
        .isInstanceOf(SipParseException.class);
  }

  @Test
  void retryAfterWarningAndDate() {
    RetryAfter r = RetryAfter.parse("18000 (I'm in a meeting);duration=3600");
    assertThat(r.seconds()).isEqualTo(18000);
    assertThat(r.comment()).isEqualTo("I'm in a meeting");
    assertThat(r.duration()).isEqualTo(3600);
    assertThatThrownBy(() -> RetryAfter.parse("949302838503028349304023988"))
        .isInstanceOf(SipParseException.class);
    assertThatThrownBy(() -> RetryAfter.parse("5;duration=-5"))
        .isInstanceOf(SipParseException.class);

    Warning w = Warning.parse("307 isi.edu \"Session parameter 'foo' not understood\"");
    assertThat(w.code()).isEqualTo(307);
    assertThat(w.agent()).isEqualTo("isi.edu");
    assertThatThrownBy(() -> Warning.parse("1812 overture \"In Progress\""))
        .hasMessageContaining("three digits");

    assertThat(SipHeaders.DATE.parse("Sat, 13 Nov 2010 23:29:00 GMT"))
        .isEqualTo(Instant.parse("2010-11-13T23:29:00Z"));
    assertThatThrownBy(() -> SipHeaders.DATE.parse("Fri, 01 Jan 2010 16:00:00 EST"))
        .isInstanceOf(SipParseException.class);
  }

  @Test
  void scalarHeaders() {
    SipResponse r =
        Wire.response(
            Wire.OK.replace(
                "Content-Length: 0",
                "Min-Expires: 60\nFlow-Timer: 126\nSIP-ETag: dx200xyz\nAllow: INVITE, ACK, BYE\n"
                    + "Supported:\nUnsupported: foo\nRetry-After: 5\nContent-Length: 0"));
    assertThat(r.first(SipHeaders.MIN_EXPIRES)).contains(60L);
    assertThat(r.first(SipHeaders.FLOW_TIMER)).contains(126L);
    assertThat(r.first(SipHeaders.SIP_ETAG)).contains("dx200xyz");
    assertThat(r.all(SipHeaders.ALLOW)).containsExactly("INVITE", "ACK", "BYE");
    assertThat(r.all(SipHeaders.SUPPORTED)).isEmpty();
    assertThat(r.all(SipHeaders.UNSUPPORTED)).containsExactly("foo");
    assertThat(r.callId()).isEqualTo("a84b4c76e66710@pc33.example.com");
    assertThat(r.maxForwards()).isEqualTo(-1);
    assertThatThrownBy(() -> SipHeaders.CALL_ID.parse("a@b@c"))
        .isInstanceOf(SipParseException.class);
    assertThat(SipHeaders.MAX_FORWARDS.parse("0068")).isEqualTo(68);
    assertThat(
            SipHeaders.REFER_TO
                .parse("<sip:carol@example.com?Replaces=abc%40x>")
                .sipUri()
                .headers()
                .size())
        .isEqualTo(1);
  }

  @Test
  void mediaTypes_20_15_and_20_1() {
    MediaType m = MediaType.parse("Multipart/Mixed ; boundary=\"unique-boundary-1\"");
    assertThat(m.essence()).isEqualTo("multipart/mixed");
    assertThat(m.boundary()).isEqualTo("unique-boundary-1");
    assertThat(MediaType.parse("application/*").includes(MediaType.SDP)).isTrue();
    assertThat(MediaType.parse("*/*").includes(MediaType.SDP)).isTrue();
    assertThat(MediaType.parse("text/plain").includes(MediaType.SDP)).isFalse();
  }
}
