package io.sipher.message.testing;

import io.sipher.message.ParseResult;
import io.sipher.message.SipMessage;
import io.sipher.message.SipParser;
import io.sipher.message.SipRequest;
import io.sipher.message.SipResponse;
import java.nio.charset.StandardCharsets;

/** Test helpers: messages written readably with '\n' and turned into CRLF wire bytes. */
public final class Wire {
  private Wire() {}

  /** The text with every line end made CRLF. */
  public static byte[] crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  public static SipMessage parse(String text) {
    ParseResult r = new SipParser().parseDatagram(crlf(text));
    if (!(r instanceof ParseResult.Parsed p)) {
      throw new AssertionError("did not parse: " + r);
    }
    return p.message();
  }

  public static SipRequest request(String text) {
    return (SipRequest) parse(text);
  }

  public static SipResponse response(String text) {
    return (SipResponse) parse(text);
  }

  public static String text(SipMessage m) {
    return new String(m.toByteArray(), StandardCharsets.UTF_8);
  }

  public static final String REGISTER =
      """
      REGISTER sips:example.com SIP/2.0
      Via: SIP/2.0/TLS 192.0.2.10:5061;branch=z9hG4bK776asdhds;rport
      Max-Forwards: 70
      To: Alice <sips:alice@example.com>
      From: Alice <sips:alice@example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.example.com
      CSeq: 314159 REGISTER
      Contact: <sips:alice@192.0.2.10:5061;transport=tls>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>";reg-id=1;expires=3600
      Supported: path, outbound
      Content-Length: 0

      """;

  public static final String INVITE =
      """
      INVITE sips:bob@example.com SIP/2.0
      Via: SIP/2.0/TLS pc33.example.com;branch=z9hG4bKnashds8
      Max-Forwards: 70
      To: Bob <sips:bob@example.com>
      From: Alice <sips:alice@example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.example.com
      CSeq: 314160 INVITE
      Contact: <sips:alice@pc33.example.com>
      Content-Type: application/sdp
      Content-Length: 135

      v=0
      o=alice 2890844526 2890844526 IN IP4 192.0.2.10
      s=-
      c=IN IP4 192.0.2.10
      t=0 0
      m=audio 49170 RTP/SAVP 0
      a=rtpmap:0 PCMU/8000
      """;

  public static final String OK =
      """
      SIP/2.0 200 OK
      Via: SIP/2.0/TLS pc33.example.com;branch=z9hG4bKnashds8;received=192.0.2.10
      To: Bob <sips:bob@example.com>;tag=a6c85cf
      From: Alice <sips:alice@example.com>;tag=1928301774
      Call-ID: a84b4c76e66710@pc33.example.com
      CSeq: 314160 INVITE
      Contact: <sips:bob@192.0.2.4>
      Content-Length: 0

      """;
}
