package io.sipher.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipher.message.header.Address;
import io.sipher.message.header.HeaderName;
import io.sipher.message.header.MediaType;
import io.sipher.message.header.Via;
import io.sipher.message.testing.Wire;
import io.sipher.message.uri.HostPort;
import io.sipher.message.uri.SipUri;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 §16.6 (request forwarding) and §16.7 (response processing): the edits a proxy makes
 * touch only the fields they change; everything else is forwarded byte for byte.
 */
class Rfc3261_16_6_ProxyEditsTest {
  private static final String ROUTED =
      """
      INVITE sips:bob@example.com SIP/2.0
      Via: SIP/2.0/TLS pc33.example.com;branch=z9hG4bKnashds8
      Max-Forwards: 70
      Route: <sips:p1.example.com;lr>, <sips:p2.example.com;lr>
      To: Bob <sips:bob@example.com>
      From: Alice <sips:alice@example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.example.com
      CSeq: 314160 INVITE
      X-Odd-Header:    kept   exactly
      Contact: <sips:alice@pc33.example.com>
      Content-Length: 0

      """;

  @Test
  void forwardingEditsOnlyWhatItChanges() {
    SipRequest in = Wire.request(ROUTED);
    Via mine = Via.of("TLS", HostPort.parse("p1.example.com:5061"), "z9hG4bK-p1-1");
    SipRequest out =
        in.edit()
            .popRoute()
            .maxForwards(in.maxForwards() - 1)
            .pushRecordRoute(Address.of(SipUri.parse("sips:p1.example.com;lr")))
            .pushVia(mine)
            .build();

    String text = Wire.text(out);
    assertThat(text)
        .isEqualTo(
            new String(
                Wire.crlf(
                    """
                    INVITE sips:bob@example.com SIP/2.0
                    Via: SIP/2.0/TLS p1.example.com:5061;branch=z9hG4bK-p1-1
                    Via: SIP/2.0/TLS pc33.example.com;branch=z9hG4bKnashds8
                    Record-Route: <sips:p1.example.com;lr>
                    Max-Forwards: 69
                    Route: <sips:p2.example.com;lr>
                    To: Bob <sips:bob@example.com>
                    From: Alice <sips:alice@example.com>;tag=1928301774
                    Call-ID: a84b4c76e66710@pc33.example.com
                    CSeq: 314160 INVITE
                    X-Odd-Header:    kept   exactly
                    Contact: <sips:alice@pc33.example.com>
                    Content-Length: 0

                    """),
                StandardCharsets.UTF_8));
    assertThat(out.vias()).hasSize(2);
    assertThat(out.routes())
        .extracting(a -> a.uri().toString())
        .containsExactly("sips:p2.example.com;lr");
    assertThat(in.maxForwards()).isEqualTo(70); // the original is untouched
  }

  @Test
  void responsePopsTheTopVia_16_7() {
    SipResponse in =
        Wire.response(
            Wire.OK.replace(
                "Via: SIP/2.0/TLS pc33.example.com;branch=z9hG4bKnashds8;received=192.0.2.10",
                "Via: SIP/2.0/TLS p1.example.com;branch=z9hG4bK-p1, SIP/2.0/TLS pc33.example.com;branch=z9hG4bKnashds8"));
    SipResponse out = in.edit().popVia().build();
    assertThat(out.vias()).extracting(Via::branch).containsExactly("z9hG4bKnashds8");
    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(Wire.text(out)).startsWith("SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS pc33.example.com");
  }

  @Test
  void retargetingRewritesTheRequestLine() {
    SipRequest out =
        Wire.request(ROUTED).edit().requestUri(SipUri.parse("sips:bob@192.0.2.4:5061")).build();
    assertThat(out.startLine()).isEqualTo("INVITE sips:bob@192.0.2.4:5061 SIP/2.0");
    assertThat(Wire.text(out)).startsWith("INVITE sips:bob@192.0.2.4:5061 SIP/2.0\r\n");
  }

  @Test
  void bodyChangesSetContentLengthAndType() {
    byte[] sdp = "v=0\r\n".getBytes(StandardCharsets.UTF_8);
    SipRequest out = Wire.request(ROUTED).edit().body(MediaType.SDP, sdp).build();
    assertThat(out.headers().firstValue(HeaderName.CONTENT_LENGTH)).isEqualTo("5");
    assertThat(out.headers().firstValue(HeaderName.CONTENT_TYPE)).isEqualTo("application/sdp");
    assertThat(out.bodyText()).isEqualTo("v=0\r\n");
    SipMessage reparsed =
        ((ParseResult.Parsed) new SipParser().parseDatagram(out.toByteArray())).message();
    assertThat(reparsed.bodyText()).isEqualTo("v=0\r\n");
  }

  @Test
  void responseToARequestCopiesTheDialogFields_8_2_6_2() {
    SipRequest req = Wire.request(ROUTED);
    SipResponse resp = SipResponse.forRequest(req, 486, null).build();
    assertThat(resp.startLine()).isEqualTo("SIP/2.0 486 Busy Here");
    assertThat(resp.headers().asList())
        .extracting(f -> f.name().value())
        .containsExactly("Via", "To", "From", "Call-ID", "CSeq", "Content-Length");
    assertThat(resp.cseq()).isEqualTo(req.cseq());
  }

  @Test
  void newRequestFromScratch() {
    SipRequest r =
        SipRequest.create("OPTIONS", SipUri.parse("sips:example.com"))
            .add(HeaderName.VIA, "SIP/2.0/TLS ua.example.com;branch=z9hG4bK1")
            .add(HeaderName.MAX_FORWARDS, "70")
            .add(HeaderName.TO, "<sips:example.com>")
            .add(HeaderName.FROM, "<sips:alice@example.com>;tag=1")
            .add(HeaderName.CALL_ID, "c1")
            .add(HeaderName.CSEQ, "1 OPTIONS")
            .build();
    assertThat(Wire.text(r)).endsWith("CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    assertThat(new io.sipher.message.validate.MessageValidator().validate(r).isAccepted()).isTrue();
  }

  @Test
  void anEditorCanBuildSeveralMessagesWithoutChangingTheFirst() {
    SipRequest.Editor e = Wire.request(ROUTED).edit().popRoute();
    SipRequest first = e.requestUri(SipUri.parse("sips:bob@192.0.2.4")).build();
    String before = Wire.text(first);
    SipRequest second = e.remove(HeaderName.of("X-Odd-Header")).maxForwards(5).build();
    assertThat(Wire.text(first)).isEqualTo(before);
    assertThat(first.headers().indexOf(HeaderName.CONTACT)).isPositive();
    assertThat(second.headers().contains(HeaderName.of("X-Odd-Header"))).isFalse();
  }

  @Test
  void bareLfMessagesAreRewrittenWithCrlfWhenEdited() {
    byte[] lf = Wire.REGISTER.replace("\r\n", "\n").getBytes(StandardCharsets.US_ASCII);
    SipRequest r = (SipRequest) ((ParseResult.Parsed) new SipParser().parseDatagram(lf)).message();
    assertThat(r.lenientLineEnds()).isTrue();
    String edited = Wire.text(r.edit().maxForwards(69).build());
    assertThat(edited.replace("\r\n", "")).doesNotContain("\n");
    assertThat(edited).startsWith("REGISTER sips:example.com SIP/2.0\r\nVia: ");
  }

  @Test
  void parameterAndUriInjectionIsRefused() {
    assertThatThrownBy(() -> SipUri.parse("sip:b@h").withParameter("x", "1 SIP/2.0\r\nVia: evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Address.of(SipUri.parse("sip:b@h")).withParameter("a;b", "1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> Address.of(SipUri.parse("sip:b@h")).withParameter("x", "1\r\nVia: e").toString())
        .isInstanceOf(IllegalArgumentException.class);
    // a value that is not a token is quoted, so it cannot add parameters
    assertThat(Address.of(SipUri.parse("sip:b@h")).withParameter("x", "1;evil=2").toString())
        .isEqualTo("<sip:b@h>;x=\"1;evil=2\"");
  }

  @Test
  void headerInjectionIsRefused() {
    assertThatThrownBy(() -> HeaderField.of(HeaderName.SUBJECT, "hi\r\nVia: evil"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipResponse.create(200, "OK\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SipRequest.create("BAD METHOD", SipUri.parse("sip:a@b")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wrongDeclaredLengthIsRepairedWhenRebuilt() {
    // a lenient datagram (bare LF, RFC 5118 style) whose Content-Length overstates the body
    byte[] lf =
        ("OPTIONS sip:a@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nTo: <sip:a@example.com>\n"
                + "From: <sip:b@example.com>;tag=1\nCall-ID: x\nCSeq: 1 OPTIONS\nContent-Type: text/plain\n"
                + "Content-Length: 99\n\nhello\n")
            .getBytes(StandardCharsets.US_ASCII);
    SipRequest r = (SipRequest) ((ParseResult.Parsed) new SipParser().parseDatagram(lf)).message();
    assertThat(r.bodyText()).isEqualTo("hello\n");
    SipRequest rebuilt = r.edit().build();
    assertThat(rebuilt.headers().firstValue(HeaderName.CONTENT_LENGTH)).isEqualTo("6");
  }
}
